"""The authors' tools: derived trees and the bank of implementations.

- ``build``: ``release/`` and ``solutions/`` generated from ``source/``
  (``python -m autograder release``), and their drift check;
- ``bank``, ``quickgrade``: the bank of buggy and correct implementations
  (``python -m autograder bank``), graded in process, fast, the way the
  course's nbgrader config grades them.
"""
