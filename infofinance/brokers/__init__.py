"""The Brokers Hub: regulators, brokers, licences, transparent scores and automatic warnings."""
