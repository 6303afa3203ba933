"""Sizing a class: ready pools from the class size and memory, the cap, the door rule and refills."""

from __future__ import annotations

import pytest

from sclab.classroom.pools import (
    KERNEL_MB,
    RESERVE_MB,
    STUDENT_PAGE,
    admit,
    available_mb,
    plan,
    progress,
    refill_target,
)

PAGES = [STUDENT_PAGE, "class_results.ipynb", "lecture_explorer.ipynb", "score_class_export.ipynb"]
SIZES = {"take_the_scale": 200, "default": 300}


def test_a_class_that_fits_gets_one_ready_kernel_each_and_the_instructor_pages_one():
    p = plan(PAGES, class_size=30, available_mb=16000, kernel_mb=SIZES, reserve_mb=1000)
    assert p.pools == {
        STUDENT_PAGE: 30,
        "class_results.ipynb": 1,
        "lecture_explorer.ipynb": 1,
        "score_class_export.ipynb": 1,
    }
    # (16000 - 1000 - 3 * 300) / 200 = 70.5
    assert p.fits == 70
    # the class, a tenth spare (3), and a ready and a used kernel for each of 3 instructor pages
    assert p.cap == 30 + 3 + 6
    assert p.pools_config()[STUDENT_PAGE] == {"pool_size": 30}
    assert p.pools_config()["default"] == {"pool_size": 1}
    assert any("holds 70 student kernels" in line for line in p.lines)
    assert not any("does not fit" in line for line in p.lines)


def test_a_class_too_big_for_memory_is_told_so_and_only_what_fits_is_warmed():
    p = plan(PAGES, class_size=100, available_mb=8000, kernel_mb=SIZES, reserve_mb=1000)
    fits = (8000 - 1000 - 900) // 200  # 30
    assert p.fits == fits and p.pools[STUDENT_PAGE] == fits
    assert p.cap == fits + 3  # what memory holds, the instructor pages' ready kernels included
    said = " ".join(p.lines)
    assert "A class of 100 does not fit" in said and f"warming only {fits}" in said


def test_no_memory_to_spare_warms_nothing_but_still_lets_one_kernel_live():
    p = plan(PAGES, class_size=30, available_mb=500, kernel_mb=SIZES, reserve_mb=1000)
    assert p.fits == 0 and p.pools[STUDENT_PAGE] == 0 and p.cap == 3
    assert plan([STUDENT_PAGE], class_size=5, available_mb=100, kernel_mb=SIZES).cap == 1


def test_without_a_class_size_each_page_keeps_one_and_memory_alone_caps():
    p = plan(PAGES, class_size=None, available_mb=16000, kernel_mb=SIZES, reserve_mb=1000)
    assert p.pools[STUDENT_PAGE] == 1 and p.cap == 70 + 3
    assert not any("Class of" in line for line in p.lines)


def test_max_kernels_lowers_the_cap_but_never_raises_it_past_memory():
    assert plan(PAGES, class_size=30, available_mb=16000, kernel_mb=SIZES, max_kernels=5).cap == 5
    assert (
        plan(PAGES, class_size=3, available_mb=2000, kernel_mb=SIZES, reserve_mb=1000, max_kernels=99).cap
        == 3
    )


def test_without_preheat_no_pool_is_planned_and_the_instructor_pages_hold_no_memory():
    p = plan(PAGES, class_size=10, available_mb=3000, kernel_mb=SIZES, reserve_mb=1000, preheat=False)
    assert p.pools == {} and p.fits == 10 and p.cap == min(10, 10 + 2 + 6)


def test_the_measured_sizes_are_named_once_and_a_student_page_override_is_used():
    assert set(KERNEL_MB) == {"take_the_scale", "default"} and RESERVE_MB > 0
    small = plan(
        [STUDENT_PAGE], class_size=200, available_mb=14000, kernel_mb={**KERNEL_MB, "take_the_scale": 130}
    )
    assert small.fits == int((14000 - RESERVE_MB) // 130)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"class_size": 0}, "--class-size must be at least 1; got 0"),
        ({"class_size": 3, "max_kernels": 0}, "--max-kernels must be at least 1; got 0"),
        ({"class_size": 3, "kernel_mb": {"take_the_scale": 100}}, "'default' entry"),
        ({"class_size": 3, "kernel_mb": {"default": 0}}, "above 0 MB"),
    ],
)
def test_bad_sizes_are_refused_with_the_rule(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plan(PAGES, available_mb=8000, **kwargs)


def test_the_door_lets_in_a_visitor_with_a_ready_kernel_or_room_and_no_one_else():
    assert admit(live=10, cap=10, ready=1)  # a ready kernel is handed out; its refill waits for room
    assert admit(live=9, cap=10, ready=0)
    assert not admit(live=10, cap=10, ready=0)
    assert not admit(live=12, cap=10, ready=0)


def test_a_pool_refills_only_as_far_as_the_cap_leaves_room():
    assert refill_target(configured=30, in_pool=29, live=20, cap=40) == 30
    assert refill_target(configured=30, in_pool=10, live=38, cap=40) == 12
    assert refill_target(configured=30, in_pool=10, live=45, cap=40) == 10  # never shrinks a pool
    assert refill_target(configured=1, in_pool=0, live=0, cap=40) == 1


def test_warming_progress_reads_plainly_and_memory_is_measured():
    assert progress("take_the_scale.ipynb", 18, 30) == "take_the_scale: 18 of 30 ready"
    assert progress("sub/lecture_explorer.ipynb", 1, 1) == "lecture_explorer: 1 of 1 ready"
    assert available_mb() > 0


def test_with_a_class_pools_refill_only_after_the_class_has_come_in():
    # replaying 30 students at once, the replacements of the kernels they took started during the
    # crowd and took the processor from their first answers
    from sclab.classroom.pools import CLASS_FILL_DELAY_SECONDS, FILL_DELAY_SECONDS

    pages = ["take_the_scale.ipynb", "class_results.ipynb"]
    assert plan(pages, class_size=None, available_mb=8000).fill_delay == FILL_DELAY_SECONDS == 1.0
    assert plan(pages, class_size=30, available_mb=8000).fill_delay == CLASS_FILL_DELAY_SECONDS >= 20
