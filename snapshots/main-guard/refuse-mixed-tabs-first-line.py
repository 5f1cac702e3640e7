def double(i):
    return i * 2


for i in range(2):
    	print(double(i))
