"""The SymPy solver's families of problems, one module each; :mod:`tutor.math.symbolic` is the
front door that picks one.

* ``numbers``: percentages, GCD / LCM, prime factorisation, statistics, arithmetic
* ``equations``: "solve …" text -> one equation or a system, sent on to
  ``polynomial_equations`` (linear, quadratic), ``exp_log`` (exponential / logarithmic) or
  ``systems`` (2×2 and 3×3 elimination)
* ``algebra``: simplify / expand / factor
* ``derivatives``, ``integrals``, ``limits``
* ``inequalities``: linear, quadratic and double inequalities
* ``matrices``: determinants and inverses
* ``sequences``, ``geometry`` (coordinate geometry), ``absolute``, ``ratios``, ``counting``,
  ``data`` (mean / median / mode / range in words), ``percent_words``: textbook phrasings, tried
  first by :mod:`tutor.math.everyday`
* ``complex_numbers``: the form a + bi, modulus, conjugate, operations on two complex numbers
* ``common``: the helpers several families share; ``phrases``: the number / list / ordinal
  readers of the textbook-phrasing families

Imports between families: ``equations`` imports the three solvers it sends to, ``exp_log``
reuses ``polynomial_equations``' step writers, and every family may use ``common`` and ``phrases``; otherwise a
family imports only :mod:`tutor.math.parse` and :mod:`tutor.math.problems`. None calls another
module's private names, imports SymPy at import time, or imports gradio.
"""
