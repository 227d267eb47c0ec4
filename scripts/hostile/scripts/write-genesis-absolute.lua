net:genesis():write("/tmp/qube-hostile-escape-genesis.json")
