network { name = "org-b", consensus = "pow" }
