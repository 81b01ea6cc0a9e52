"""Every model, imported in one place so Alembic and the schema tests see all tables."""
from jenjang.auth.models import AuthToken, User, UserSession  # noqa: F401
from jenjang.competency.models import (  # noqa: F401
    Competency,
    CompetencyAssessment,
    CompetencyLevel,
    CompetencySettings,
    CompetencyStandard,
    DevelopmentGoal,
    DevelopmentPlan,
    PotentialScore,
    SuccessionPosition,
)
from jenjang.console.models import Operator, OperatorSession  # noqa: F401
from jenjang.core.models import AuditEntry, DataGeneration  # noqa: F401
from jenjang.feedback.models import (  # noqa: F401
    FeedbackAssignment,
    FeedbackComment,
    FeedbackConversion,
    FeedbackCycle,
    FeedbackDraftAnswer,
    FeedbackItem,
    FeedbackNomination,
    FeedbackRating,
)
from jenjang.mentoring.models import (  # noqa: F401
    MentoringFlag,
    MentoringGoal,
    MentoringPair,
    MentoringParticipant,
    MentoringProgramme,
    MentoringSession,
)
from jenjang.notifications.models import (  # noqa: F401
    Notification,
    NotificationPreference,
    NotificationReminder,
    NotificationTemplate,
)
from jenjang.people.models import (  # noqa: F401
    Employee,
    ImportRun,
    PeopleSettings,
    PerformanceRating,
    Position,
    PositionHistory,
    Rank,
    RankHistory,
    Unit,
)
from jenjang.promotion.models import DisciplinarySanction, PromotionCase, PromotionSettings  # noqa: F401
from jenjang.tenancy.models import Domain, Tenant  # noqa: F401
from jenjang.training.delivery.models import (  # noqa: F401
    Attendance,
    TrainingBudget,
    TrainingFollowup,
    TrainingReaction,
)
from jenjang.training.external.models import ExternalTraining  # noqa: F401
from jenjang.training.ledger.models import JpReminderCampaign  # noqa: F401
from jenjang.training.models import (  # noqa: F401
    Enrolment,
    JpEntry,
    Programme,
    ProgrammeCompetency,
    TrainingSession,
    TrainingSettings,
)
from jenjang.workflow.models import (  # noqa: F401
    WorkflowAttachment,
    WorkflowCase,
    WorkflowDefinition,
    WorkflowTransition,
    WorkflowVersion,
)
