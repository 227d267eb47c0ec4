local m = ("a"):rep(40):match(("a?"):rep(40) .. ("a"):rep(40))
