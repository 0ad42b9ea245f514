# The scan desk of the batches and ballots made non-null once filled (0002: a separate
# migration, so that the rows' update and the table's change are not one transaction).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('elections', '0006_second_scan'),
        ('scanning', '0002_scan_desk'),
    ]

    operations = [
        migrations.AlterField(
            model_name='scanbatch',
            name='desk',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scan_batches', to='elections.entrydesk'),
        ),
        migrations.AlterField(
            model_name='scannedballot',
            name='desk',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scanned_ballots', to='elections.entrydesk'),
        ),
        migrations.AddConstraint(
            model_name='scannedballot',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'replaced'), _negated=True), fields=('desk', 'serial'), name='scanned_ballot_number_once'),
        ),
    ]
