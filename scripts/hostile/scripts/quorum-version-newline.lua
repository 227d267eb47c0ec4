network { name = "org-b", quorum = "2.7.0\nimage: evil" }
