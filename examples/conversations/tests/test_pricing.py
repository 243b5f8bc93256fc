from app.pricing import total


def test_total_without_discount():
    assert total([(10.0, 2), (2.5, 4)]) == 30.0


def test_total_with_discount():
    assert total([(100.0, 1)], discount=0.15) == 85.0
