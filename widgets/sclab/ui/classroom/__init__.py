"""The class widgets: send scores, see the class's results, score a survey export."""
