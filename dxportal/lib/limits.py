"""Run a heavy function in a child process with a time and a memory limit.

Rendering a packet runs code (WeasyPrint, pypdf on an uploaded file) whose time and memory depend
on what staff put in. In a child process the limits are real: the operating system refuses memory
past the limit, and the parent kills the child when time runs out, so a bad document costs one
failed render, never a stuck worker or a machine out of memory.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import traceback
from collections.abc import Callable
from typing import Any


class LimitExceeded(Exception):
    """The child ran out of time or memory, or died; the message says which, in Japanese."""


def run_limited(
    func: Callable[..., Any], *args: Any, seconds: float, memory_bytes: int, **kwargs: Any
) -> Any:
    """func(*args, **kwargs) in a forked child; its result, or LimitExceeded / its error."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, memory_bytes, func, args, kwargs), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise LimitExceeded(f"制限時間（{seconds:.0f}秒）内に作成が終わりませんでした。")
        try:
            ok, value = receiver.recv()
        except EOFError:
            raise LimitExceeded(
                "作成中の処理が異常終了しました（メモリの上限を超えた可能性があります）。"
            ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if ok:
        return value
    if value == "MemoryError":
        limit_mb = memory_bytes // (1024 * 1024)
        raise LimitExceeded(f"メモリの上限（{limit_mb:,} MB）を超えました。")
    raise LimitExceeded(f"作成中にエラーが発生しました: {value}")


def _child(sender, memory_bytes: int, func, args, kwargs) -> None:
    # The child inherits the parent's address space; the limit allows memory_bytes more than that.
    limit = inherited_address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = (True, func(*args, **kwargs))
    except MemoryError:
        result = (False, "MemoryError")
    except Exception as error:  # reported to the parent, which records it for staff
        last = traceback.format_exception_only(error)[-1].strip()
        result = (False, last)
    try:
        sender.send(result)
    finally:
        sender.close()
        # Leave at once: the child shares the parent's database connections and must not close them.
        os._exit(0)


def inherited_address_space() -> int:
    """This process's virtual memory size in bytes (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")
