print("permitwatch")
