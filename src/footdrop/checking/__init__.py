"""The checking layer: :func:`footdrop.check_plan`, an independent plan checker.

It imports the models only, and shares no code with :mod:`footdrop.scheduling`, so
the scheduler's output is judged by code that did not write it. The modules in this
package are private.
"""
