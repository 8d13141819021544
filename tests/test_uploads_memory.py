"""One evidence image costs a web process at most 100 MB: the pixel budget is read from the
header before anything is decoded, and the re-encode holds a single decoded copy. Measured in a
fresh interpreter by its peak resident size (VmHWM, reset just before the upload is cleaned;
getrusage's ru_maxrss would carry the peak of the forking pytest process across exec)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MB = 100

# Cleans a warm-up image first (codecs and Django loaded), then the file given, and prints how
# much the cleaning raised the process's peak resident size.
MEASURE = """
import io, json, sys
import django
django.setup()
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image
from infofinance.complaints import uploads

translation.activate("en")
warm = io.BytesIO()
Image.new("RGB", (16, 16)).save(warm, sys.argv[2])
uploads.clean_upload(SimpleUploadedFile("warm", warm.getvalue()))
def peak_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")  # the peak starts again from the current resident size
before = peak_kb()
with open(sys.argv[1], "rb") as handle:
    try:
        clean = uploads.clean_upload(File(handle, name="evidence"))
        result = {"size": len(clean.content)}
    except ValidationError as error:
        result = {"refused": error.messages}
after = peak_kb()
result["peak_increase_mb"] = (after - before) / 1024
print(json.dumps(result))
"""


def measure(path: Path, fmt: str) -> dict:
    env = {"DJANGO_SETTINGS_MODULE": "infofinance.settings.test", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), fmt],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def picture(width: int, height: int) -> Image.Image:
    """A smooth picture that compresses well (a file under 10 MB) but decodes to full size."""
    ramp = Image.linear_gradient("L").resize((width, height))
    return Image.merge(
        "RGB", (ramp, ramp.transpose(Image.Transpose.FLIP_TOP_BOTTOM), ramp.rotate(180))
    )


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_16_megapixel_image_adds_at_most_100_mb_to_a_process(tmp_path, fmt):
    path = tmp_path / f"big.{fmt.lower()}"
    image = picture(4000, 4000)
    if fmt == "JPEG":
        exif = Image.Exif()
        exif[0x0112] = 6  # rotated: kept as a tag, not by turning the pixels into a copy
        image.save(path, fmt, exif=exif)
    else:
        image.save(path, fmt)
    del image
    assert path.stat().st_size < 10 * 1024 * 1024
    result = measure(path, fmt)
    assert "refused" not in result and result["size"] > 0
    assert result["peak_increase_mb"] <= BUDGET_MB, result


def test_a_36_megapixel_png_is_refused_before_decoding(tmp_path):
    path = tmp_path / "screenshot.png"
    picture(6000, 6000).save(path, "PNG")
    assert path.stat().st_size < 1024 * 1024  # the 140 KB kind of file from the report
    result = measure(path, "PNG")
    assert any("too large in pixels" in message for message in result["refused"])
    assert result["peak_increase_mb"] < 20, result  # 36 MP decoded would be 144 MB


def test_the_pixel_budget_is_16_megapixels(settings):
    assert settings.COMPLAINT_IMAGE_MAX_PIXELS == 16_000_000
