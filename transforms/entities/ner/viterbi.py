"""Viterbi decoding of the CRF's character sequences, compiled (numba).

The numpy version decoded a batch of sequences together, one time step at a time, over (sequences, labels, labels)
candidate arrays: about 45% of the tagger's time at 25 labels, most of it in `argmax` over a strided axis. Here each
sequence is decoded in a plain loop that numba compiles to machine code (compiled once, then read from numba's
on-disk cache). The arithmetic is the same as numpy's, in the same order and precision (float64 score + transition,
then + emission; no fast-math), and ties go to the first label as crfsuite and numpy's argmax break them, so the
paths are the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _decode(
    emit: np.ndarray, trans: np.ndarray, starts: np.ndarray, lengths: np.ndarray, out: np.ndarray
) -> None:
    """Write the best label id of every row of every sequence (rows starts[k] .. starts[k] + lengths[k] of `emit`)
    into `out` (one entry per row of `emit`)."""
    n_lab = trans.shape[0]
    longest = 1
    for k in range(len(lengths)):
        longest = max(longest, lengths[k])
    back = np.zeros((longest, n_lab), dtype=np.int16)
    score = np.empty(n_lab)
    new = np.empty(n_lab)
    for k in range(len(starts)):
        base, n = starts[k], lengths[k]
        if n == 0:
            continue
        for j in range(n_lab):
            score[j] = emit[base, j]
        for t in range(1, n):
            for j in range(n_lab):
                best_i = 0
                best_v = score[0] + trans[0, j]
                for i in range(1, n_lab):
                    v = score[i] + trans[i, j]
                    if v > best_v:  # strictly: the first of equal maxima wins
                        best_v = v
                        best_i = i
                back[t, j] = best_i
                new[j] = best_v + emit[base + t, j]
            for j in range(n_lab):
                score[j] = new[j]
        cur = 0
        for j in range(1, n_lab):
            if score[j] > score[cur]:
                cur = j
        out[base + n - 1] = cur
        for t in range(n - 1, 0, -1):
            cur = back[t, cur]
            out[base + t - 1] = cur


@njit(cache=True, nogil=True)
def add_rows(e: np.ndarray, table: np.ndarray, rows: np.ndarray) -> None:
    """`e += table[rows]` without the gathered copy: each element gets the same single float64 addition."""
    for r in range(e.shape[0]):
        row = rows[r]
        for j in range(e.shape[1]):
            e[r, j] += table[row, j]


def viterbi(emit: np.ndarray, trans: np.ndarray, starts: Sequence[int], lengths: Sequence[int]) -> np.ndarray:
    """Best label id of every row of `emit` (characters x labels, float64), decoded sequence by sequence; sequence k
    is rows starts[k] .. starts[k] + lengths[k]; `trans[i, j]`: the score of label j after label i."""
    out = np.zeros(len(emit), dtype=np.int64)
    if not len(starts):
        return out
    _decode(
        np.ascontiguousarray(emit, dtype=np.float64),
        np.ascontiguousarray(trans),
        np.asarray(starts, dtype=np.int64),
        np.asarray(lengths, dtype=np.int64),
        out,
    )
    return out
