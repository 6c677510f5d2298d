"""What the documents say: the plans' targets (data/plans/*.yaml) and the regions they name (data/regions).

- definitions: Plan and Target, loaded and checked from the YAML files, with their verbatim quotes
- regions: region codes, names, aliases, parents, centroids and outlines
"""
