"""What the tests share: bundles built in code, large and hostile inputs, a real browser, the
contract's shapes, a running service and its EHR, and the steps of the Danish specs."""
