"""Demo data of the union network, after the seeds in ../shared/seeds."""

from .models import SiteSettings, Union


def load(stdout):
    vufo, _ = Union.objects.update_or_create(
        slug="vufo",
        defaults={
            "kind": Union.Kind.NATIONAL,
            "name_vi": "Liên hiệp các tổ chức hữu nghị Việt Nam",
            "name_en": "Vietnam Union of Friendship Organizations",
            "short_name_vi": "VUFO",
            "short_name_en": "VUFO",
            "website": "https://vufo.org.vn",
        },
    )
    home, _ = Union.objects.update_or_create(
        slug="bac-giang",
        defaults={
            "kind": Union.Kind.PROVINCIAL,
            "parent": vufo,
            "name_vi": "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
            "name_en": "Bắc Giang Union of Friendship Organizations",
            "short_name_vi": "Liên hiệp Hữu nghị tỉnh Bắc Giang",
            "short_name_en": "Bắc Giang Friendship Union",
            "province_vi": "Bắc Giang",
            "province_en": "Bắc Giang",
            "motto_vi": "Chủ động, linh hoạt, sáng tạo, hiệu quả",
            "motto_en": "Proactive, flexible, creative, effective",
            # Contact details are placeholders for the demo, not the union's real ones.
            "address_vi": "Số 1 đường Hùng Vương, phường Hoàng Văn Thụ, Bắc Giang (địa chỉ minh họa)",
            "address_en": "1 Hùng Vương Street, Hoàng Văn Thụ Ward, Bắc Giang (demo address)",
            "phone": "0204 3 555 010",
            "fax": "0204 3 555 011",
            "email": "lienhiephuunghi@bacgiang.example",
            "website": "https://huunghi.bacgiang.example",
        },
    )
    site = SiteSettings.current()
    site.home_union = home
    site.editor_in_chief = "Trần Công Thắng"
    site.licence_vi = "Trang thông tin điện tử minh họa – dữ liệu mẫu"
    site.licence_en = "Demo information portal – sample data"
    site.save()
    stdout.write("unions: VUFO and the home union Bắc Giang")
