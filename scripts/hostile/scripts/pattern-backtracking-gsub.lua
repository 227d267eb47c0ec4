local s = ("x"):rep(100000):gsub((".-"):rep(4) .. "y", "")
