# The chain becomes keyed (HMAC-SHA256). Entries already written keep their plain SHA-256 and are
# marked scheme 1 ("legacy"): nothing is re-hashed. New entries are scheme 2.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='scheme',
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='scheme',
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
