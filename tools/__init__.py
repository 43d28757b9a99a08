"""Developer tools: template bootstraps, the sample and fixture builders, demo data. Not shipped."""
