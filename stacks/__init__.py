"""The pattern's CDKTF code, in the order a setting travels: config → construct → stack.

Importing the package changes nothing. A program that synthesizes calls
`stacks.bindings.install()` first (main.py and the tests do): it loads only the
provider bindings the stack uses, and chooses the CDK (cdktf or CDK Terrain).
Without it the usual, slower imports run.
"""
