"""The pattern's CDKTF code, in the order a setting travels: config → construct → stack."""

from stacks import bindings

bindings.install()
