"""Everyday word problems, read into quantities, an unknown and relations, solved with SymPy
(issue 25): :mod:`reading` (number words, money, sentences), :mod:`structures` (the world: who
holds how many of what, unknowns, equations), :mod:`phrasings` (the statement table),
:mod:`questions` (the question table), :mod:`solution` (the front door's entry point); when the
table cannot read a story whole, :mod:`schemas` reads it as quantity facts (:mod:`facts`) under one
of a few schemas (:mod:`counting`, :mod:`rates`), answering only when every number is accounted for."""

from tutor.math.wordproblems.solution import WordProblemRefusal, looks_like_word_problem, try_word_problem

__all__ = ["try_word_problem", "looks_like_word_problem", "WordProblemRefusal"]
