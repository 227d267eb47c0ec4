net:render()
