net:render { dir = "/tmp/qube-hostile-escape-out" }
