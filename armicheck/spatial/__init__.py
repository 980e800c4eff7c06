"""Spatial facts: positions → three-valued answers about the MDL, the DMZ, the JSA, the CMA
zones and the sea. Knows nothing of rules or incidents."""
