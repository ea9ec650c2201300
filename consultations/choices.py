"""Fixed lists of the consultation form: municipalities, industries, company sizes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 40 municipalities of Aomori Prefecture: 10 cities, then towns and villages by district.
AOMORI_MUNICIPALITIES = [
    "青森市", "弘前市", "八戸市", "黒石市", "五所川原市",
    "十和田市", "三沢市", "むつ市", "つがる市", "平川市",
    "平内町", "今別町", "蓬田村", "外ヶ浜町",
    "鰺ヶ沢町", "深浦町",
    "西目屋村",
    "藤崎町", "大鰐町", "田舎館村",
    "板柳町", "鶴田町", "中泊町",
    "野辺地町", "七戸町", "六戸町", "横浜町", "東北町", "六ヶ所村", "おいらせ町",
    "大間町", "東通村", "風間浦村", "佐井村",
    "三戸町", "五戸町", "田子町", "南部町", "階上町", "新郷村",
]  # fmt: skip
OUTSIDE_PREFECTURE = "県外"
MUNICIPALITY_CHOICES = [(name, name) for name in [*AOMORI_MUNICIPALITIES, OUTSIDE_PREFECTURE]]


class Industry(models.TextChoices):
    """Divisions of the Japan Standard Industrial Classification (日本標準産業分類 大分類)."""

    AGRICULTURE = "A", _("農業、林業")
    FISHERY = "B", _("漁業")
    MINING = "C", _("鉱業、採石業、砂利採取業")
    CONSTRUCTION = "D", _("建設業")
    MANUFACTURING = "E", _("製造業")
    UTILITIES = "F", _("電気・ガス・熱供給・水道業")
    INFORMATION = "G", _("情報通信業")
    TRANSPORT = "H", _("運輸業、郵便業")
    TRADE = "I", _("卸売業、小売業")
    FINANCE = "J", _("金融業、保険業")
    REAL_ESTATE = "K", _("不動産業、物品賃貸業")
    PROFESSIONAL = "L", _("学術研究、専門・技術サービス業")
    HOSPITALITY = "M", _("宿泊業、飲食サービス業")
    LIVING = "N", _("生活関連サービス業、娯楽業")
    EDUCATION = "O", _("教育、学習支援業")
    HEALTH = "P", _("医療、福祉")
    COMPOUND = "Q", _("複合サービス事業")
    OTHER_SERVICES = "R", _("サービス業（他に分類されないもの）")
    GOVERNMENT = "S", _("公務（他に分類されるものを除く）")
    OTHER = "T", _("その他・分類不能")


class CompanySize(models.TextChoices):
    """Number of employees."""

    SOLE = "sole", _("個人事業主・従業員なし")
    UP_TO_5 = "1-5", _("1〜5人")
    UP_TO_20 = "6-20", _("6〜20人")
    UP_TO_50 = "21-50", _("21〜50人")
    UP_TO_100 = "51-100", _("51〜100人")
    UP_TO_300 = "101-300", _("101〜300人")
    OVER_300 = "301-", _("301人以上")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("メール")
    PHONE = "phone", _("電話")
    EITHER = "either", _("どちらでもよい")
