import sys


if '__main__' == __name__:
    print('start')
    print('guarded', len(sys.argv))
