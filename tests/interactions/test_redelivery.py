from bot.interactions.redelivery import RecentIds


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_second_delivery_is_recognised():
    ids = RecentIds(clock=Clock())
    assert ids.add(1) is True
    assert ids.add(1) is False
    assert ids.add(2) is True


def test_forgets_after_lifetime_and_stays_bounded():
    clock = Clock()
    ids = RecentIds(lifetime=10, max_size=3, clock=clock)
    ids.add(1)
    clock.now = 11
    assert ids.add(1) is True  # expired, so it counts as new
    for i in range(2, 10):
        ids.add(i)
    assert len(ids) <= 3
