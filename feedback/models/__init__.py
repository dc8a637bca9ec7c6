from feedback.models.figures import DailyFigures, FiguresDay, FiguresPending
from feedback.models.followups import FollowUp, FollowUpReason, FollowUpRules

__all__ = ["DailyFigures", "FiguresDay", "FiguresPending", "FollowUp", "FollowUpReason", "FollowUpRules"]
