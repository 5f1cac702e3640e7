import asyncio


async def main():
    await asyncio.sleep(0)
    print("async done")


if __name__ == "__main__":
    asyncio.run(main())
