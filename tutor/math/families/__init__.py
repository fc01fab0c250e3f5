"""The SymPy solver's families of problems, one module each (the front door that picks one is
:mod:`tutor.math.symbolic`): ``numbers``, ``polynomial_equations``, ``systems``, ``exp_log``, ``equations``, ``algebra``, ``derivatives``, ``integrals``, ``limits``, ``inequalities``; ``common`` holds the
helpers several of them share. Nothing here imports SymPy at import time or imports gradio.
"""
