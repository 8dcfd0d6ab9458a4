# Photo intake (articles.photos.intake) validates pictures; the model field no longer does.

from django.db import migrations, models

import articles.models.photos


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_api_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="photo",
            name="image",
            field=models.ImageField(
                height_field="height",
                help_text="JPEG, PNG or WebP.",
                upload_to=articles.models.photos.photo_upload_to,
                verbose_name="image",
                width_field="width",
            ),
        ),
    ]
