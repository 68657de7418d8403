print("attendctl")
