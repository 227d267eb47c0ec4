network { name = "org-b", context = "prod\n--kubeconfig=/tmp/x" }
