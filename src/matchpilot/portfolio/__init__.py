"""Which programs to apply to: exact optimizers and the diminishing-returns curve (pure).

The contract is ``spec/portfolio.md``. Under independence every method is exact:

- a count limit alone: the nested greedy of Kapur & Hong (2022, "The College Application Problem"; the same
  result as Chade & Smith 2006), O(n k), which also gives the diminishing-returns curve
  (:func:`matchpilot.portfolio.greedy.greedy_nested`);
- integer costs and a budget: Kapur & Hong's dynamic program over costs (``dp-budget``);
- category bounds, with a count and/or a budget: the same program with counts per category
  (``dp-categories``), see :mod:`matchpilot.portfolio.dp`.

Correlated outcomes (one latent strength behind every result) are handled by a sample-average greedy labelled
approximate (:func:`solve_correlated`). Nothing here reads a clock or a file; randomness comes only from the
generator or seed passed in.
"""

from matchpilot.portfolio.correlated import SAMPLE_AVERAGE_GREEDY, latent_thresholds, solve_correlated
from matchpilot.portfolio.dp import CountAxis, dominance_prune, dp_optimize
from matchpilot.portfolio.greedy import greedy_nested
from matchpilot.portfolio.model import ProblemArrays, check_feasible, exact_value, portfolio_value, to_arrays
from matchpilot.portfolio.solve import DP_BUDGET, DP_CATEGORIES, GREEDY, solve

__all__ = [
    "DP_BUDGET",
    "DP_CATEGORIES",
    "GREEDY",
    "SAMPLE_AVERAGE_GREEDY",
    "CountAxis",
    "ProblemArrays",
    "check_feasible",
    "dominance_prune",
    "dp_optimize",
    "exact_value",
    "greedy_nested",
    "latent_thresholds",
    "portfolio_value",
    "solve",
    "solve_correlated",
    "to_arrays",
]
