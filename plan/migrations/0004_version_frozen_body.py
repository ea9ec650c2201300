# The plan body as the public page showed it when a version was published.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plan', '0003_event_linked_to_meeting'),
    ]

    operations = [
        migrations.AddField(
            model_name='version',
            name='frozen_body',
            field=models.TextField(blank=True, editable=False, help_text='公開時点のプラン本文をページの形で写したもの。公開ページと会議資料に使います。', verbose_name='公開時の本文（表示用）'),
        ),
    ]
