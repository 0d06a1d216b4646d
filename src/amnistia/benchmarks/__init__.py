"""`make bench`: speed and size goals, measured in one run and recorded.

Each module measures one part of the pipeline and returns Targets; the
machine is shared and noisy, so goals are ratios measured in the same run
where they can be (ours against frictionless on the same files, 100,000 rows
against 10,000), and absolute seconds only where the issue sets them.
"""
