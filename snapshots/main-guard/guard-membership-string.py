import sys

if __name__ in '__main__':
    print('start')
    print('guarded', len(sys.argv))
