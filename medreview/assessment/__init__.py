"""Stage 5, the assessment: from the rules that fired to findings, tasks, owners, due
dates, the verdict and the priority, as contract.md writes them."""
