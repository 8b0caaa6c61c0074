"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


# Forward only: `Store` upgrades every database it opens and never downgrades one.
def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
