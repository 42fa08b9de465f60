"""Refresh the Chinese UI translation: extract strings, fill known ones, compile the .qm.

Run after changing UI strings:  ``.venv/bin/python culti_desktop/gui/i18n/update_translations.py``

1. ``pyside6-lupdate`` collects every ``tr()`` string of ``culti_desktop/gui`` into
   ``culti_zh_CN.ts`` (Qt Linguist's XML; translators can keep editing it in Linguist);
2. strings still unfinished get their translation from :data:`ZH` below, when it has one;
3. ``pyside6-lrelease`` compiles ``culti_zh_CN.qm``, the file the app loads.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
GUI = HERE.parent
TS = HERE / "culti_zh_CN.ts"
QM = HERE / "culti_zh_CN.qm"

ZH = {
    "&File": "文件(&F)",
    "&Edit": "编辑(&E)",
    "&Review": "审校(&R)",
    "&View": "视图(&V)",
    "&Help": "帮助(&H)",
    "&New project…": "新建项目(&N)…",
    "&Open project…": "打开项目(&O)…",
    "Open &recent": "最近的项目(&R)",
    "Open the &sample project": "打开示例项目(&S)",
    "&Import documents…": "导入文档(&I)…",
    "Save a &copy…": "另存副本(&C)…",
    "&Close project": "关闭项目(&C)",
    "&Quit": "退出(&Q)",
    "&Undo": "撤销(&U)",
    "&Redo": "重做(&R)",
    "&Draw a new figure box": "绘制新图框(&D)",
    "&Link figure to a caption or text line": "将图链接到图注或文本行(&L)",
    "De&lete selected box": "删除所选框(&L)",
    "&Split figure in two": "将图一分为二(&S)",
    "&Merge two selected figures": "合并所选两幅图(&M)",
    "Set &curator name…": "设置审校人姓名(&C)…",
    "&Accept": "接受(&A)",
    "&Reject": "拒绝(&R)",
    "Needs re&view": "需复核(&V)",
    "&Next pair": "下一对(&N)",
    "&Previous pair": "上一对(&P)",
    "Edit &Chinese caption": "编辑中文图注(&C)",
    "Edit &English caption": "编辑英文图注(&E)",
    "Edit &tags": "编辑标签(&T)",
    "Leave the text field / cancel drawing": "离开文本框 / 取消绘制",
    "Next page": "下一页",
    "Previous page": "上一页",
    "&Dashboard…": "进度面板(&D)…",
    "Zoom &in": "放大(&I)",
    "Zoom &out": "缩小(&O)",
    "Fit &width": "适合宽度(&W)",
    "Fit &page": "适合页面(&P)",
    "&Language": "语言(&L)",
    "Follow the system": "跟随系统",
    "&Keyboard shortcuts": "键盘快捷键(&K)",
    "&About CulTi Desktop": "关于 CulTi Desktop(&A)",
    "About CulTi Desktop": "关于 CulTi Desktop",
    "Curation": "审校",
    "Documents": "文档",
    "Review queue": "审校队列",
    "Pair": "图文对",
    "Accept": "接受",
    "Reject": "拒绝",
    "Needs review": "需复核",
    "Accepted": "已接受",
    "Rejected": "已拒绝",
    "Proposed": "待审",
    "accepted": "已接受",
    "rejected": "已拒绝",
    "needs review": "需复核",
    "proposed": "待审",
    "Accept pair": "接受图文对",
    "Reject pair": "拒绝图文对",
    "Mark pair for review": "标记为需复核",
    "Accepted / rejected": "接受 / 拒绝",
    "Accepted {a} · Rejected {r} · Left {l} · shown {n}": "已接受 {a} · 已拒绝 {r} · 待审 {l} · 显示 {n}",
    "✓ {a}  ✗ {r}  left {l}": "✓ {a}  ✗ {r}  待审 {l}",
    "Action": "操作",
    "Shortcut": "快捷键",
    "All documents": "全部文档",
    "All pairs": "全部图文对",
    "Left to review": "待审校",
    "Cancel": "取消",
    "Cancelled": "已取消",
    "Cannot create project": "无法创建项目",
    "Cannot open project": "无法打开项目",
    "Caption": "图注",
    "Caption candidates (model assist)": "图注候选（模型辅助）",
    "Chinese caption": "中文图注",
    "English caption": "英文图注",
    "Full caption": "完整图注",
    "Click a caption or text line": "点击图注或文本行",
    "Click the caption box or text line for the selected figure (Esc cancels)": "点击所选图的图注框或文本行（Esc 取消）",
    "Conf.": "置信度",
    "Confidence": "置信度",
    "Copy saved to {p}": "副本已保存到 {p}",
    "CulTi Desktop turns scanned and born-digital heritage documents into checked image–text pairs for Chinese-CLIP.": "CulTi Desktop 把扫描和原生数字的文化遗产文献整理成经过校对的图文对，用于 Chinese-CLIP。",
    "Start with the sample project, or create or open your own.": "可以先打开示例项目，或新建、打开自己的项目。",
    "CulTi Desktop: curate image–text pairs from Chinese cultural-heritage documents, fine-tune Chinese-CLIP and search with LACLIP re-ranking.": "CulTi Desktop：从中国文化遗产文献中整理图文对，微调 Chinese-CLIP，并以 LACLIP 重排序进行检索。",
    "Curator": "审校人",
    "Curator: {name}": "审校人：{name}",
    "Your name, recorded with every edit you make:": "您的姓名（将记录在每一次编辑中）：",
    "Dashboard": "进度面板",
    "Delete box": "删除框",
    "Delete boxes": "删除多个框",
    "Document": "文档",
    "Document / page": "文档 / 页",
    "Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp);;All files (*)": "文档 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp);;所有文件 (*)",
    "Drag to draw a figure box": "拖动以绘制图框",
    "Draw figure box": "绘制图框",
    "Edit caption fields": "编辑图注",
    "Edits": "编辑次数",
    "Import documents": "导入文档",
    "Imported {n} document(s)": "已导入 {n} 个文档",
    "&Propose pairs again (this document)…": "重新提议本文档的图文对(&P)…",
    "Propose pairs again": "重新提议图文对",
    "Analyse {name} again and replace its untouched proposals? Pairs you edited or reviewed are kept.": (
        "重新分析 {name} 并替换未经改动的提议？您编辑或审校过的图文对会保留。"
    ),
    "Proposing pairs again": "正在重新提议图文对",
    "Kept {k} touched pair(s); replaced {r} proposal(s) by {a}": "保留 {k} 个已处理的图文对；{r} 个提议替换为 {a} 个",
    "Importing {n} file(s)": "正在导入 {n} 个文件",
    "Keyboard shortcuts": "键盘快捷键",
    "Language": "语言",
    "Link caption": "链接图注",
    "Merge figures": "合并图",
    "Model assist unavailable: {e}": "模型辅助不可用：{e}",
    "Move/resize box": "移动/缩放框",
    "New project": "新建项目",
    "New project…": "新建项目…",
    "No pair selected": "未选择图文对",
    "Note": "备注",
    "OCR text (confidence {conf}): {text}": "OCR 文本（置信度 {conf}）：{text}",
    "Open it anyway? Edits from two windows may overwrite each other.": "仍要打开吗？两个窗口的编辑可能互相覆盖。",
    "Open or create a project first": "请先打开或新建项目",
    "Open project": "打开项目",
    "Open project…": "打开项目…",
    "Open the sample project": "打开示例项目",
    "Page": "页",
    "Page {n}": "第 {n} 页",
    "Pair #{id} · {label} · proposal confidence {c:.2f} · curator {who}": "图文对 #{id} · {label} · 提议置信度 {c:.2f} · 审校人 {who}",
    "Pairs": "图文对",
    "Per curator, all time": "按审校人（全部）",
    "Per curator, this session": "按审校人（本次会话）",
    "Per document": "按文档",
    "Preparing the sample project": "正在准备示例项目",
    "Project already open": "项目已被打开",
    "Rank this page's text lines": "为本页文本行排序",
    "Ranking caption candidates": "正在为图注候选排序",
    "Reviewed": "已审校",
    "Save a copy": "另存副本",
    "Search captions, OCR text, tags…": "搜索图注、OCR 文本、标签…",
    "Select a figure first": "请先选择一幅图",
    "Select exactly two figures (Ctrl+click) to merge": "请选择两幅图（Ctrl+点击）再合并",
    "Single-letter keys work when no text field has the focus; press Esc to leave a field. Ctrl+Enter accepts from anywhere.": "单字母快捷键在文本框没有焦点时有效；按 Esc 离开文本框。Ctrl+Enter 在任何位置都可接受。",
    "Some files were not imported": "部分文件未导入",
    "Split": "数据划分",
    "Split figure": "拆分图",
    "Status": "状态",
    "Tags": "标签",
    "The new language is used from the next start of CulTi Desktop.": "新语言将在下次启动 CulTi Desktop 时生效。",
    "This box has no pair to link": "此框没有可链接的图文对",
    "Time spent": "用时",
    "Welcome to CulTi Desktop": "欢迎使用 CulTi Desktop",
    "Zoom in": "放大",
    "comma-separated, e.g. 锦, 团花": "用逗号分隔，如 锦, 团花",
    "no project": "无项目",
    "Double-click a candidate to link it as this figure's caption": "双击候选项即可将其链接为此图的图注",
    "Lowest confidence first": "置信度由低到高",
    "Page order": "按页面顺序",
    "line": "行",
    "paragraph": "段落",
    "region": "区域",
    "train": "训练",
    "valid": "验证",
    "test": "测试",
    "(none)": "（无）",
    # team projects (issue 17)
    "New team project": "新建团队项目",
    "Open team project": "打开团队项目",
    "Server address (PostgreSQL URL):": "服务器地址（PostgreSQL URL）：",
    "Not a postgresql:// address": "不是 postgresql:// 地址",
    "Changed by another curator": "已被其他审校员修改",
    "New &team project…": "新建团队项目(&T)…",
    "Open team project by &URL…": "按地址打开团队项目(&U)…",
}

# Panels of other areas (export, search) share this translation file.
ZH.update(
    {
        "Export dataset": "导出数据集",
        "Browse…": "浏览…",
        "Replace an existing folder": "替换已有文件夹",
        "Format": "格式",
        "Pair status": "图文对状态",
        "Split by": "划分依据",
        "Seed": "随机种子",
        "Captions": "图注",
        "Licence": "许可",
        "Output folder": "输出文件夹",
        "pairs": "图文对",
        "texts": "文本",
        "images": "图像",
        "documents": "文档",
        "Export": "导出",
        "Preview": "预览",
        "Choose at least one pair status.": "请至少选择一种图文对状态。",
        "{pairs} pairs, {texts} texts, {images} images from {docs} documents": "{pairs} 个图文对、{texts} 条文本、{images} 幅图像，来自 {docs} 个文档",
        "{n} left out (no caption in this language)": "{n} 个未包含（没有该语言的图注）",
        "Export to folder": "导出到文件夹",
        "Choose an output folder first.": "请先选择输出文件夹。",
        "Exporting dataset": "正在导出数据集",
        "Exported {pairs} pairs to {out}": "已导出 {pairs} 个图文对到 {out}",
        "{n} figure(s) could not be rendered": "{n} 幅图无法渲染",
        "Export failed: {error}": "导出失败：{error}",
        "Export cancelled; nothing was written.": "导出已取消，未写入任何内容。",
        "Search in Chinese or English…": "用中文或英文搜索…",
        "Search": "搜索",
        "CLIP": "CLIP",
        "Keyword": "关键词",
        "Hybrid": "混合",
        "LACLIP": "LACLIP",
        "→ figures": "→ 图像",
        "→ captions": "→ 图注",
        "Drop or paste (Ctrl+V) an image to search with it": "拖入或粘贴（Ctrl+V）图像以图搜图",
        "Clear image": "清除图像",
        "Any status": "任意状态",
        "Any split": "任意划分",
        "Heatmap": "热力图",
        "crops": "裁块",
        "patches": "图块",
        "Opacity": "不透明度",
        "Update index": "更新索引",
        "No search index yet: keyword search only. Update the index to search by meaning.": "尚无检索索引：仅可关键词搜索。更新索引后可按语义搜索。",
        "Index stale: {why}": "索引已过期：{why}",
        "Index up to date: {n} figures": "索引为最新：{n} 幅图",
        "Checking the search index": "正在检查检索索引",
        "Index updated: {f} figures, {c} captions": "索引已更新：{f} 幅图、{c} 条图注",
        "Updating the index in the background…": "正在后台更新索引…",
        "Updating the search index": "正在更新检索索引",
        "pasted image": "粘贴的图像",
        "dropped image": "拖入的图像",
        "Select a box in the page viewer first": "请先在页面视图中选择一个框",
        "region {id}": "区域 {id}",
        "Searching…": "正在搜索…",
        "Searching": "正在搜索",
        "{n} results": "{n} 条结果",
        "The main window cannot show pairs": "主窗口无法显示图文对",
        "E&xport": "导出(&X)",
        "E&xport dataset…": "导出数据集(&X)…",
        "&Search": "搜索(&S)",
        "&Find figures…": "查找图像(&F)…",
        "Search with the selected &region": "用所选区域搜索(&R)",
        "&Update the search index": "更新检索索引(&U)",
    }
)

# Panels of the models/training and dataset-import areas.
ZH.update(
    {
        "step": "步",
        "By document (pages never straddle splits)": "按文档（同一页面不跨划分）",
        "Random (by text)": "随机（按文本）",
        "Keep each pair's stored split": "保留每个图文对已有的划分",
        "Chinese": "中文",
        "English": "英文",
        "Chinese + English": "中文 + 英文",
        "Import a checkpoint": "导入检查点",
        "File": "文件",
        "Architecture": "架构",
        "Use for index and search": "用于索引和检索",
        "Evaluate": "评估",
        "Import checkpoint…": "导入检查点…",
        "architecture": "架构",
        "weights": "权重",
        "Download selected": "下载所选",
        "Published Chinese-CLIP weights (user model folder)": "已发布的 Chinese-CLIP 权重（用户模型文件夹）",
        "No project open.": "未打开项目。",
        "Index and search use: {0}": "索引和检索使用：{0}",
        "Index and search use: ViT-B-16 (pretrained) until a model is trained or picked.": "在训练或选择模型之前，索引和检索使用：ViT-B-16（预训练）。",
        "built in": "内置",
        "ready": "就绪",
        "not downloaded": "未下载",
        "Evaluating": "正在评估",
        "{0} on {1}: T2I R@1 {2:.1f} · I2T R@1 {3:.1f} · MR {4:.1f}": "{0}（{1}）：文搜图 R@1 {2:.1f} · 图搜文 R@1 {3:.1f} · MR {4:.1f}",
        "PyTorch checkpoints (*.pt *.pth *.bin);;All files (*)": "PyTorch 检查点 (*.pt *.pth *.bin);;所有文件 (*)",
        "Importing checkpoint": "正在导入检查点",
        "Downloading {0}": "正在下载 {0}",
        "default": "默认",
        "fit to memory": "按内存自动",
        "nothing": "不冻结",
        "vision tower": "视觉塔",
        "text tower": "文本塔",
        "hard negatives (same document, similar captions)": "困难负例（同一文档、相似图注）",
        "Start": "开始",
        "Open a project with accepted pairs in the train split.": "请打开在训练划分中有已接受图文对的项目。",
        "Start from": "起始模型",
        "Epochs": "轮数",
        "Learning rate": "学习率",
        "Batch": "批大小",
        "Freeze": "冻结",
        "Device": "设备",
        "current model": "当前模型",
        "Preparing data and model…": "正在准备数据和模型…",
        "Training": "训练",
        "Cancelling… the run is saved and resumes on the next Start.": "正在取消……本次训练已保存，下次开始时继续。",
        "epoch {0} · step {1}/{2} · loss {3:.3f}": "第 {0} 轮 · 第 {1}/{2} 步 · 损失 {3:.3f}",
        "ETA {0}:{1:02d}": "剩余 {0}:{1:02d}",
        "New model version {0} (best epoch {1}).": "新模型版本 {0}（最佳轮次 {1}）。",
        "Valid MR {0:.1f} → {1:.1f}.": "验证集 MR {0:.1f} → {1:.1f}。",
        "Cancelled. Start again with the same options to resume.": "已取消。用相同选项再次开始即可继续。",
        "Imported {pairs} pairs ({images} images) from {name}": "已从 {name} 导入 {pairs} 个图文对（{images} 幅图像）",
        "Importing dataset": "正在导入数据集",
        "Chinese-CLIP dataset folder": "Chinese-CLIP 数据集文件夹",
        "Import Chinese-CLIP &dataset…": "导入 Chinese-CLIP 数据集(&D)…",
        "Models": "模型",
        "&Models and versions": "模型与版本(&M)",
        "Not made current: it scores below its starting model on valid (pick it on the Models page if you want it anyway).": "未设为当前模型：其验证集得分低于起始模型（如仍想使用，可在“模型”页中选择）。",
        "&Models": "模型(&M)",
        "&Training panel": "训练面板(&T)",
    }
)


# Areas may keep their strings beside this file as ``zh_<area>.json`` ({source: translation}).
for _extra in sorted(HERE.glob("zh_*.json")):
    import json as _json

    ZH.update(_json.loads(_extra.read_text("utf-8")))


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def fill(ts: Path) -> tuple[int, list[str]]:
    tree = ET.parse(ts)
    filled, missing = 0, []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        if translation.get("type") == "unfinished" or not (translation.text or "").strip():
            if source in ZH:
                translation.text = ZH[source]
                translation.attrib.pop("type", None)
                filled += 1
            else:
                missing.append(source)
    _add_window_context(tree)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled, missing


def _add_window_context(tree: ET.ElementTree) -> None:
    """Panels call ``window.tr(...)``, which looks strings up in the ``MainWindow`` context at run
    time while lupdate files them under the panel's class: give MainWindow every known string."""
    root = tree.getroot()
    ctx = next((c for c in root.iter("context") if c.findtext("name") == "MainWindow"), None)
    if ctx is None:
        return
    have = {m.findtext("source") for m in ctx.iter("message")}
    for source, translation in sorted(ZH.items()):
        if source not in have:
            message = ET.SubElement(ctx, "message")
            ET.SubElement(message, "source").text = source
            ET.SubElement(message, "translation").text = translation


def main() -> int:
    sources = sorted(str(p) for p in GUI.rglob("*.py") if "i18n" not in p.parts)
    subprocess.run([tool("pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS)], check=True)
    filled, missing = fill(TS)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    print(f"filled {filled}; untranslated {len(missing)}: {missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
