net:genesis():write("keys/hostile/node1/nodekey")
