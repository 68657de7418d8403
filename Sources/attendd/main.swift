print("attendd")
