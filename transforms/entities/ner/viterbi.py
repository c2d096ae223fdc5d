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
    if len(starts):
        _decode(*_compiled_args(emit, trans, starts, lengths), out)
    return out


def _compiled_args(
    emit: np.ndarray, trans: np.ndarray, starts: Sequence[int], lengths: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The lattice as the compiled functions take it: contiguous float64 scores, int64 sequence bounds."""
    return (
        np.ascontiguousarray(emit, dtype=np.float64),
        np.ascontiguousarray(trans),
        np.asarray(starts, dtype=np.int64),
        np.asarray(lengths, dtype=np.int64),
    )


@njit(cache=True, nogil=True)
def _margins(
    emit: np.ndarray,
    trans: np.ndarray,
    starts: np.ndarray,
    lengths: np.ndarray,
    path: np.ndarray,
    watched: np.ndarray,
    out: np.ndarray,
) -> None:
    """For every row whose best label is a watched one, write into `out` how much lower the best path's score is
    when that row takes no watched label (max-product forward and backward scores); rows of sequences without a
    watched label on their path are left as they are."""
    n_lab = trans.shape[0]
    longest = 1
    for k in range(len(lengths)):
        longest = max(longest, lengths[k])
    alpha = np.empty((longest, n_lab))
    beta = np.empty((longest, n_lab))
    for k in range(len(starts)):
        base, n = starts[k], lengths[k]
        wanted = False
        for t in range(n):
            if watched[path[base + t]]:
                wanted = True
                break
        if not wanted:
            continue
        for j in range(n_lab):
            alpha[0, j] = emit[base, j]
            beta[n - 1, j] = 0.0
        for t in range(1, n):
            for j in range(n_lab):
                best_v = alpha[t - 1, 0] + trans[0, j]
                for i in range(1, n_lab):
                    v = alpha[t - 1, i] + trans[i, j]
                    if v > best_v:
                        best_v = v
                alpha[t, j] = best_v + emit[base + t, j]
        for t in range(n - 2, -1, -1):
            for i in range(n_lab):
                best_v = trans[i, 0] + emit[base + t + 1, 0] + beta[t + 1, 0]
                for j in range(1, n_lab):
                    v = trans[i, j] + emit[base + t + 1, j] + beta[t + 1, j]
                    if v > best_v:
                        best_v = v
                beta[t, i] = best_v
        best = alpha[n - 1, 0]
        for j in range(1, n_lab):
            best = max(best, alpha[n - 1, j])
        for t in range(n):
            if not watched[path[base + t]]:
                continue
            other = -np.inf
            for j in range(n_lab):
                if not watched[j]:
                    other = max(other, alpha[t, j] + beta[t, j])
            out[base + t] = best - other


def label_margins(
    emit: np.ndarray,
    trans: np.ndarray,
    starts: Sequence[int],
    lengths: Sequence[int],
    path: np.ndarray,
    watched: np.ndarray,
) -> np.ndarray:
    """Per row: on the best `path`, how far (in CRF score) the best path that gives the row none of the `watched`
    labels falls behind it, where the row has a watched label (a max-marginal: 0 means a tie, large means sure);
    +inf elsewhere. Only the sequences with a watched label on their path are scored."""
    out = np.full(len(emit), np.inf)
    if len(starts):
        _margins(
            *_compiled_args(emit, trans, starts, lengths),
            np.asarray(path, dtype=np.int64),
            np.asarray(watched, dtype=np.bool_),
            out,
        )
    return out
