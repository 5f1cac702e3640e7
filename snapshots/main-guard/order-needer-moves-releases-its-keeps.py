import textwrap


def main():
    wrapper = textwrap.TextWrapper(width=12)
    wrapper.wrap("warm up")
    ready = wrapper.fill("go") == "go"
    running = False
    total = 0
    for size in [4, 9, 2]:
        total += size
    # the countdown runs only when the wrapper works
    if ready:
        running = True
    while running:
        total -= 4
        running = total > 0
    print("left:", total)


if __name__ == "__main__":
    main()
