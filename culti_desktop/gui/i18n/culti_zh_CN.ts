<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../conflicts_dialog.py" line="40" />
        <source>Review conflicts</source>
        <translation>审核分歧</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="43" />
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="44" />
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="45" />
        <source>needs review</source>
        <translation>待复核</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="49" />
        <source>Pair</source>
        <translation>图文对</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="49" />
        <source>Reviewers' decisions</source>
        <translation>审核人的决定</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="90" />
        <source>Second review is {state}; {n} pairs in conflict</source>
        <translation>二次审核{state}；{n} 个图文对有分歧</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="91" />
        <source>on</source>
        <translation>已开启</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="91" />
        <source>off</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>CultiErrors</name>
    <message>
        <location filename="../error_text.py" line="19" />
        <source>Only {units} document group(s) hold the accepted pairs, fewer than the {splits} splits: some splits stay empty. Import more documents, or select the pairs in the review queue and choose Split selected at random.</source>
        <translation>已接受的图文对只来自 {units} 组文档，少于 {splits} 个划分：有些划分将为空。请导入更多文档，或在审校队列中选中图文对后选择“随机划分所选”。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="25" />
        <source>Split ratios must be three non-negative numbers such as 8,1,1.</source>
        <translation>划分比例必须是三个非负数，例如 8,1,1。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="28" />
        <source>Unknown split mode '{value}'.</source>
        <translation>未知的划分方式“{value}”。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="29" />
        <source>These pairs no longer exist: {ids}.</source>
        <translation>这些图文对已不存在：{ids}。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="32" />
        <source>Unknown status '{value}'.</source>
        <translation>未知的状态“{value}”。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="33" />
        <source>Unknown split '{value}'.</source>
        <translation>未知的划分“{value}”。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="34" />
        <source>Fine-tuning needs at least 2 accepted pairs in the split '{split}' (found {found}). Accept more pairs in the review queue, or give accepted pairs a split.</source>
        <translation>微调至少需要“{split}”中有 2 个已接受的图文对（现有 {found} 个）。请在审校队列中接受更多图文对，或为已接受的图文对划分数据集。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="39" />
        <source>The split '{split}' has no accepted pairs with an image and a caption. Accept more pairs, import more documents, or split the pairs at random.</source>
        <translation>“{split}”中没有带图像和图注的已接受图文对。请接受更多图文对、导入更多文档，或随机划分图文对。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="44" />
        <source>No model chosen yet and the {arch} weights are not on this computer: download them, import a checkpoint, or use the tiny demo model.</source>
        <translation>尚未选择模型，本机也没有 {arch} 权重：请下载、导入检查点，或使用 tiny 演示模型。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="49" />
        <source>Offline mode: the {arch} weights cannot be downloaded. Import a checkpoint file instead.</source>
        <translation>离线模式：无法下载 {arch} 权重。请改为导入检查点文件。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="53" />
        <source>The {arch} weights could not be downloaded from Hugging Face or ModelScope. Fetch the file on a connected computer and import it.</source>
        <translation>无法从 Hugging Face 或 ModelScope 下载 {arch} 权重。请在联网的电脑上获取该文件后导入。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="58" />
        <source>This project is already open in another CulTi Desktop window (process {pid} on {host}, since {since}).</source>
        <translation>此项目已在另一个 CulTi Desktop 窗口中打开（{host} 上的进程 {pid}，自 {since} 起）。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="62" />
        <source>Unknown download source '{value}'.</source>
        <translation>未知的下载来源“{value}”。</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="79" />
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="80" />
        <source>valid</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="81" />
        <source>test</source>
        <translation>测试</translation>
    </message>
</context>
<context>
    <name>CuratorDialog</name>
    <message>
        <location filename="../dialogs.py" line="29" />
        <source>Curator</source>
        <translation>审校人</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="30" />
        <source>Your name, recorded with every edit you make:</source>
        <translation>您的姓名（将记录在每一次编辑中）：</translation>
    </message>
</context>
<context>
    <name>CurvePlot</name>
    <message>
        <location filename="../ml_training_panel.py" line="86" />
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
<context>
    <name>DashboardDialog</name>
    <message>
        <location filename="../dialogs.py" line="126" />
        <source>Dashboard</source>
        <translation>进度面板</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="129" />
        <source>Per document</source>
        <translation>按文档</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="134" />
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="135" />
        <source>Pairs</source>
        <translation>图文对</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="136" />
        <location filename="../dialogs.py" line="161" />
        <source>Reviewed</source>
        <translation>已审校</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="137" />
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="138" />
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="139" />
        <source>Needs review</source>
        <translation>需复核</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="151" />
        <source>Per curator, this session</source>
        <translation>按审校人（本次会话）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="152" />
        <source>Per curator, all time</source>
        <translation>按审校人（全部）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="159" />
        <source>Curator</source>
        <translation>审校人</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="160" />
        <source>Edits</source>
        <translation>编辑次数</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="162" />
        <source>Accepted / rejected</source>
        <translation>接受 / 拒绝</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="163" />
        <source>Time spent</source>
        <translation>用时</translation>
    </message>
</context>
<context>
    <name>DocumentTree</name>
    <message>
        <location filename="../document_tree.py" line="22" />
        <source>Document / page</source>
        <translation>文档 / 页</translation>
    </message>
    <message>
        <location filename="../document_tree.py" line="22" />
        <source>Pairs</source>
        <translation>图文对</translation>
    </message>
    <message>
        <location filename="../document_tree.py" line="40" />
        <source>Page {n}</source>
        <translation>第 {n} 页</translation>
    </message>
</context>
<context>
    <name>EditController</name>
    <message>
        <location filename="../controllers/editing.py" line="98" />
        <source>Accept pair</source>
        <translation>接受图文对</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="99" />
        <source>Reject pair</source>
        <translation>拒绝图文对</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="100" />
        <source>Mark pair for review</source>
        <translation>标记为需复核</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="121" />
        <source>This project asks for a second review: set your name</source>
        <translation>本项目要求二次审核：请先设置您的名字</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="141" />
        <source>Review recorded: {n} wait for a second curator, {c} in conflict</source>
        <translation>已记录审核：{n} 个等待另一位策展人，{c} 个有分歧</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="155" />
        <source>Change split</source>
        <translation>更改划分</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="157" />
        <source>Change status</source>
        <translation>更改状态</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="159" />
        <source>Edit tags</source>
        <translation>编辑标签</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="161" />
        <source>Edit note</source>
        <translation>编辑备注</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="162" />
        <source>Edit caption</source>
        <translation>编辑图注</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="167" />
        <source>Move/resize box</source>
        <translation>移动/缩放框</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="173" />
        <source>Draw figure box</source>
        <translation>绘制图框</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="184" />
        <source>Click the caption box or text line for the selected figure (Esc cancels)</source>
        <translation>点击所选图的图注框或文本行（Esc 取消）</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="187" />
        <source>Select a figure first</source>
        <translation>请先选择一幅图</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="195" />
        <source>This box has no pair to link</source>
        <translation>此框没有可链接的图文对</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="202" />
        <location filename="../controllers/editing.py" line="275" />
        <source>Link caption</source>
        <translation>链接图注</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="218" />
        <source>Delete box</source>
        <translation>删除框</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="222" />
        <source>Delete boxes</source>
        <translation>删除多个框</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="229" />
        <source>Split figure</source>
        <translation>拆分图</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="236" />
        <source>Merge figures</source>
        <translation>合并图</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="240" />
        <source>Select exactly two figures (Ctrl+click) to merge</source>
        <translation>请选择两幅图（Ctrl+点击）再合并</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="258" />
        <source>Model assist unavailable: {e}</source>
        <translation>模型辅助不可用：{e}</translation>
    </message>
    <message>
        <location filename="../controllers/editing.py" line="261" />
        <location filename="../controllers/editing.py" line="265" />
        <source>Ranking caption candidates</source>
        <translation>正在为图注候选排序</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../export_dialog.py" line="57" />
        <source>Chinese-CLIP (TSV + JSONL)</source>
        <translation>Chinese-CLIP（TSV + JSONL）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="58" />
        <source>Hugging Face imagefolder</source>
        <translation>Hugging Face 图像文件夹</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="59" />
        <source>OpenCLIP CSV</source>
        <translation>OpenCLIP CSV 表</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="60" />
        <source>WebDataset shards</source>
        <translation>WebDataset 分片</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="61" />
        <source>JSONL manifest</source>
        <translation>JSONL 清单</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="71" />
        <source>Export dataset</source>
        <translation>导出数据集</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="84" />
        <source>By document (pages never straddle splits)</source>
        <translation>按文档（同一页面不跨划分）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="85" />
        <source>Random (by text)</source>
        <translation>随机（按文本）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="86" />
        <source>Stored split (pairs without one get one by document)</source>
        <translation>使用已存的划分（未划分的按文档划分）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="95" />
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="96" />
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="97" />
        <source>Chinese + English</source>
        <translation>中文 + 英文</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="104" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="109" />
        <source>Replace an existing folder</source>
        <translation>替换已有文件夹</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="112" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="113" />
        <source>Pair status</source>
        <translation>图文对状态</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="114" />
        <source>Split by</source>
        <translation>划分依据</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="115" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="116" />
        <source>Captions</source>
        <translation>图注</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="117" />
        <source>Licence</source>
        <translation>许可</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="118" />
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="123" />
        <source>pairs</source>
        <translation>图文对</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="123" />
        <source>texts</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="123" />
        <source>images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="123" />
        <source>documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="133" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="136" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="146" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="179" />
        <source>Choose at least one pair status.</source>
        <translation>请至少选择一种图文对状态。</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="187" />
        <source>{pairs} pairs, {texts} texts, {images} images from {docs} documents</source>
        <translation>{pairs} 个图文对、{texts} 条文本、{images} 幅图像，来自 {docs} 个文档</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="191" />
        <source>{n} left out (no caption in this language)</source>
        <translation>{n} 个未包含（没有该语言的图注）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="208" />
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="219" />
        <source>Choose an output folder first.</source>
        <translation>请先选择输出文件夹。</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="229" />
        <source>Exporting dataset</source>
        <translation>正在导出数据集</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="248" />
        <source>Exported {pairs} pairs to {out}</source>
        <translation>已导出 {pairs} 个图文对到 {out}</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="250" />
        <source>{n} figure(s) could not be rendered</source>
        <translation>{n} 幅图无法渲染</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="254" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="265" />
        <source>Export failed: {error}</source>
        <translation>导出失败：{error}</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="268" />
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消，未写入任何内容。</translation>
    </message>
</context>
<context>
    <name>FirstModelDialog</name>
    <message>
        <location filename="../first_model_dialog.py" line="39" />
        <source>Choose a first model</source>
        <translation>选择初始模型</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="46" />
        <source>Search, training and caption suggestions need a Chinese-CLIP model. The {arch} weights are not on this computer yet. Choose one of three ways:</source>
        <translation>检索、训练和图注推荐需要一个 Chinese-CLIP 模型。本机还没有 {arch} 权重。请从以下三种方式中选择一种：</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="53" />
        <source>Download {arch} ({size:,.0f} MB, resumes if interrupted)</source>
        <translation>下载 {arch}（{size:,.0f} MB，中断后可续传）</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="58" />
        <source>Hugging Face (then ModelScope)</source>
        <translation>Hugging Face（失败时改用 ModelScope）</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="59" />
        <source>ModelScope (then Hugging Face)</source>
        <translation>ModelScope（失败时改用 Hugging Face）</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="61" />
        <source>Import a checkpoint file I have…</source>
        <translation>导入已有的检查点文件…</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="64" />
        <source>Use the tiny demo model (a demo with no real knowledge: results are meaningless)</source>
        <translation>使用 tiny 演示模型（仅供演示，没有真正的知识：结果没有意义）</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="71" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="73" />
        <source>Download from</source>
        <translation>下载来源</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="99" />
        <source>Downloading {arch}…</source>
        <translation>正在下载 {arch}…</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="108" />
        <source>Import a checkpoint</source>
        <translation>导入检查点</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="110" />
        <source>PyTorch checkpoints (*.pt *.pth *.bin);;All files (*)</source>
        <translation>PyTorch 检查点 (*.pt *.pth *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="114" />
        <source>Importing checkpoint</source>
        <translation>正在导入检查点</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="120" />
        <source>First model</source>
        <translation>初始模型</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="123" />
        <source>Cancelled; a new download resumes.</source>
        <translation>已取消；再次下载时将续传。</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="131" />
        <source>{done:,.0f} of {total:,.0f} MB</source>
        <translation>{done:,.0f} / {total:,.0f} MB</translation>
    </message>
    <message>
        <location filename="../first_model_dialog.py" line="159" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../dialogs.py" line="42" />
        <source>Welcome to CulTi Desktop</source>
        <translation>欢迎使用 CulTi Desktop</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="47" />
        <source>CulTi Desktop turns scanned and born-digital heritage documents into checked image–text pairs for Chinese-CLIP.</source>
        <translation>CulTi Desktop 把扫描和原生数字的文化遗产文献整理成经过校对的图文对，用于 Chinese-CLIP。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="51" />
        <source>Start with the sample project, or create or open your own.</source>
        <translation>可以先打开示例项目，或新建、打开自己的项目。</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="57" />
        <source>Open the sample project</source>
        <translation>打开示例项目</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="58" />
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="59" />
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
</context>
<context>
    <name>GlossaryDialog</name>
    <message>
        <location filename="../glossary_editor.py" line="39" />
        <source>Project glossary (English → Chinese)</source>
        <translation>项目词表（英文 → 中文）</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="44" />
        <source>English queries use these terms before the general dictionary. Project terms win over shipped ones; removing a shipped term hides it in this project.</source>
        <translation>英文查询先用这些词条，再用通用词典。项目词条优先于内置词条；删除内置词条只在本项目中隐藏它。</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="52" />
        <source>Filter…</source>
        <translation>筛选…</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="56" />
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="56" />
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="56" />
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="64" />
        <source>English term</source>
        <translation>英文词条</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="66" />
        <source>Chinese rendering</source>
        <translation>中文译名</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="68" />
        <source>Add / change</source>
        <translation>添加 / 修改</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="74" />
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="76" />
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="78" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="80" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="94" />
        <source>shipped</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="95" />
        <source>project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="96" />
        <source>override</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="120" />
        <source>Not saved: {reason}</source>
        <translation>未保存：{reason}</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="122" />
        <source>Saved: {en} → {zh}</source>
        <translation>已保存：{en} → {zh}</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="128" />
        <source>Removed {n} terms</source>
        <translation>已删除 {n} 个词条</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="135" />
        <source>Not imported: {reason}</source>
        <translation>未导入：{reason}</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="137" />
        <source>Imported {n} terms</source>
        <translation>已导入 {n} 个词条</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="139" />
        <source>skipped {n}: {first}</source>
        <translation>跳过 {n} 条：{first}</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="146" />
        <source>Exported {n} terms to {file}</source>
        <translation>已导出 {n} 个词条到 {file}</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="151" />
        <source>Import glossary</source>
        <translation>导入词表</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="151" />
        <source>Glossary (*.json *.tsv *.csv *.txt)</source>
        <translation>词表 (*.json *.tsv *.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="158" />
        <source>Export glossary</source>
        <translation>导出词表</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="158" />
        <source>Glossary (*.json)</source>
        <translation>词表 (*.json)</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../guide.py" line="29" />
        <source>Guide</source>
        <translation>使用指南</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../controllers/importing.py" line="29" />
        <source>Import documents</source>
        <translation>导入文档</translation>
    </message>
    <message>
        <location filename="../controllers/importing.py" line="31" />
        <source>Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp);;All files (*)</source>
        <translation>文档 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../controllers/importing.py" line="44" />
        <source>Importing {n} file(s)</source>
        <translation>正在导入 {n} 个文件</translation>
    </message>
    <message>
        <location filename="../controllers/importing.py" line="55" />
        <source>Imported {n} document(s)</source>
        <translation>已导入 {n} 个文档</translation>
    </message>
    <message>
        <location filename="../controllers/importing.py" line="59" />
        <source>Some files were not imported</source>
        <translation>部分文件未导入</translation>
    </message>
    <message>
        <location filename="../controllers/importing.py" line="75" />
        <source>Propose pairs again</source>
        <translation>重新提议图文对</translation>
    </message>
    <message>
        <location filename="../controllers/importing.py" line="77" />
        <source>Analyse {name} again and replace its untouched proposals? Pairs you edited or reviewed are kept.</source>
        <translation>重新分析 {name} 并替换未经改动的提议？您编辑或审校过的图文对会保留。</translation>
    </message>
    <message>
        <location filename="../controllers/importing.py" line="88" />
        <source>Proposing pairs again</source>
        <translation>正在重新提议图文对</translation>
    </message>
    <message>
        <location filename="../controllers/importing.py" line="108" />
        <source>Kept {k} touched pair(s); replaced {r} proposal(s) by {a}</source>
        <translation>保留 {k} 个已处理的图文对；{r} 个提议替换为 {a} 个</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../ml_models_page.py" line="54" />
        <source>Import a checkpoint</source>
        <translation>导入检查点</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="60" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="61" />
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
</context>
<context>
    <name>LanguageController</name>
    <message>
        <location filename="../controllers/language.py" line="18" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../controllers/language.py" line="30" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../controllers/language.py" line="31" />
        <source>The new language is used from the next start of CulTi Desktop.</source>
        <translation>新语言将在下次启动 CulTi Desktop 时生效。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="100" />
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="101" />
        <source>Review queue</source>
        <translation>审校队列</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="106" />
        <source>Pair</source>
        <translation>图文对</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="231" />
        <source>About CulTi Desktop</source>
        <translation>关于 CulTi Desktop</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="233" />
        <source>CulTi Desktop: curate image–text pairs from Chinese cultural-heritage documents, fine-tune Chinese-CLIP and search with LACLIP re-ranking.</source>
        <translation>CulTi Desktop：从中国文化遗产文献中整理图文对，微调 Chinese-CLIP，并以 LACLIP 重排序进行检索。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="241" />
        <source>Open or create a project first</source>
        <translation>请先打开或新建项目</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="247" />
        <source>Drag to draw a figure box</source>
        <translation>拖动以绘制图框</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="248" />
        <source>Click a caption or text line</source>
        <translation>点击图注或文本行</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="257" />
        <source>✓ {a}  ✗ {r}  left {l}</source>
        <translation>✓ {a}  ✗ {r}  待审 {l}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="266" />
        <source>Curator: {name}</source>
        <translation>审校人：{name}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="269" />
        <source>no project</source>
        <translation>无项目</translation>
    </message>
    <message>
        <location filename="../guide.py" line="42" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
<message><source>&amp;About CulTi Desktop</source><translation>关于 CulTi Desktop(&amp;A)</translation></message><message><source>&amp;Accept</source><translation>接受(&amp;A)</translation></message><message><source>&amp;Close project</source><translation>关闭项目(&amp;C)</translation></message><message><source>&amp;Dashboard…</source><translation>进度面板(&amp;D)…</translation></message><message><source>&amp;Draw a new figure box</source><translation>绘制新图框(&amp;D)</translation></message><message><source>&amp;Edit</source><translation>编辑(&amp;E)</translation></message><message><source>&amp;Find figures…</source><translation>查找图像(&amp;F)…</translation></message><message><source>&amp;Glossary…</source><translation>词表(&amp;G)…</translation></message><message><source>&amp;Guide</source><translation>使用指南(&amp;G)</translation></message><message><source>&amp;Help</source><translation>帮助(&amp;H)</translation></message><message><source>&amp;Import documents…</source><translation>导入文档(&amp;I)…</translation></message><message><source>&amp;Keyboard shortcuts</source><translation>键盘快捷键(&amp;K)</translation></message><message><source>&amp;Language</source><translation>语言(&amp;L)</translation></message><message><source>&amp;Link figure to a caption or text line</source><translation>将图链接到图注或文本行(&amp;L)</translation></message><message><source>&amp;Merge two selected figures</source><translation>合并所选两幅图(&amp;M)</translation></message><message><source>&amp;Models</source><translation>模型(&amp;M)</translation></message><message><source>&amp;Models and versions</source><translation>模型与版本(&amp;M)</translation></message><message><source>&amp;New project…</source><translation>新建项目(&amp;N)…</translation></message><message><source>&amp;Next pair</source><translation>下一对(&amp;N)</translation></message><message><source>&amp;Open project…</source><translation>打开项目(&amp;O)…</translation></message><message><source>&amp;Previous pair</source><translation>上一对(&amp;P)</translation></message><message><source>&amp;Propose pairs again (this document)…</source><translation>重新提议本文档的图文对(&amp;P)…</translation></message><message><source>&amp;Quit</source><translation>退出(&amp;Q)</translation></message><message><source>&amp;Redo</source><translation>重做(&amp;R)</translation></message><message><source>&amp;Reject</source><translation>拒绝(&amp;R)</translation></message><message><source>&amp;Review</source><translation>审校(&amp;R)</translation></message><message><source>&amp;Search</source><translation>搜索(&amp;S)</translation></message><message><source>&amp;Second review</source><translation>二次审核(&amp;S)</translation></message><message><source>&amp;Split figure in two</source><translation>将图一分为二(&amp;S)</translation></message><message><source>&amp;Training panel</source><translation>训练面板(&amp;T)</translation></message><message><source>&amp;Undo</source><translation>撤销(&amp;U)</translation></message><message><source>&amp;Update the search index</source><translation>更新检索索引(&amp;U)</translation></message><message><source>&amp;View</source><translation>视图(&amp;V)</translation></message><message><source>(none)</source><translation>（无）</translation></message><message><source>Accept</source><translation>接受</translation></message><message><source>Accept pair</source><translation>接受图文对</translation></message><message><source>Accept selected</source><translation>接受所选</translation></message><message><source>Accept {n} pairs</source><translation>接受 {n} 个图文对</translation></message><message><source>Accepted</source><translation>已接受</translation></message><message><source>Accepted / rejected</source><translation>接受 / 拒绝</translation></message><message><source>Accepted {a} · Rejected {r} · Left {l} · shown {n}</source><translation>已接受 {a} · 已拒绝 {r} · 待审 {l} · 显示 {n}</translation></message><message><source>Action</source><translation>操作</translation></message><message><source>Add / change</source><translation>添加 / 修改</translation></message><message><source>All documents</source><translation>全部文档</translation></message><message><source>All pairs</source><translation>全部图文对</translation></message><message><source>Analyse {name} again and replace its untouched proposals? Pairs you edited or reviewed are kept.</source><translation>重新分析 {name} 并替换未经改动的提议？您编辑或审校过的图文对会保留。</translation></message><message><source>Any split</source><translation>任意划分</translation></message><message><source>Any status</source><translation>任意状态</translation></message><message><source>Architecture</source><translation>架构</translation></message><message><source>Batch</source><translation>批大小</translation></message><message><source>Browse…</source><translation>浏览…</translation></message><message><source>By document (pages never straddle splits)</source><translation>按文档（同一页面不跨划分）</translation></message><message><source>CLIP</source><translation>CLIP</translation></message><message><source>Cancel</source><translation>取消</translation></message><message><source>Cancelled</source><translation>已取消</translation></message><message><source>Cancelled. Start again with the same options to resume.</source><translation>已取消。用相同选项再次开始即可继续。</translation></message><message><source>Cancelled; a new download resumes.</source><translation>已取消；再次下载时将续传。</translation></message><message><source>Cancelling…</source><translation>正在取消…</translation></message><message><source>Cancelling… the run is saved and resumes on the next Start.</source><translation>正在取消……本次训练已保存，下次开始时继续。</translation></message><message><source>Cannot create project</source><translation>无法创建项目</translation></message><message><source>Cannot open project</source><translation>无法打开项目</translation></message><message><source>Caption</source><translation>图注</translation></message><message><source>Caption candidates (model assist)</source><translation>图注候选（模型辅助）</translation></message><message><source>Captions</source><translation>图注</translation></message><message><source>Change split</source><translation>更改划分</translation></message><message><source>Change split of {n} pairs</source><translation>更改 {n} 个图文对的划分</translation></message><message><source>Change status</source><translation>更改状态</translation></message><message><source>Changed by another curator</source><translation>已被其他审校员修改</translation></message><message><source>Checking the search index</source><translation>正在检查检索索引</translation></message><message><source>Chinese</source><translation>中文</translation></message><message><source>Chinese + English</source><translation>中文 + 英文</translation></message><message><source>Chinese caption</source><translation>中文图注</translation></message><message><source>Chinese rendering</source><translation>中文译名</translation></message><message><source>Chinese-CLIP (TSV + JSONL)</source><translation>Chinese-CLIP（TSV + JSONL）</translation></message><message><source>Chinese-CLIP dataset folder</source><translation>Chinese-CLIP 数据集文件夹</translation></message><message><source>Choose a first model</source><translation>选择初始模型</translation></message><message><source>Choose an output folder first.</source><translation>请先选择输出文件夹。</translation></message><message><source>Choose at least one pair status.</source><translation>请至少选择一种图文对状态。</translation></message><message><source>Clear image</source><translation>清除图像</translation></message><message><source>Clear the split</source><translation>清除划分</translation></message><message><source>Click the caption box or text line for the selected figure (Esc cancels)</source><translation>点击所选图的图注框或文本行（Esc 取消）</translation></message><message><source>Close</source><translation>关闭</translation></message><message><source>Conf.</source><translation>置信度</translation></message><message><source>Confidence</source><translation>置信度</translation></message><message><source>Copy saved to {p}</source><translation>副本已保存到 {p}</translation></message><message><source>CulTi Desktop never saves the password in its settings.</source><translation>CulTi Desktop 从不在设置中保存密码。</translation></message><message><source>CulTi Desktop turns scanned and born-digital heritage documents into checked image–text pairs for Chinese-CLIP.</source><translation>CulTi Desktop 把扫描和原生数字的文化遗产文献整理成经过校对的图文对，用于 Chinese-CLIP。</translation></message><message><source>Curation</source><translation>审校</translation></message><message><source>Curator</source><translation>审校人</translation></message><message><source>Dashboard</source><translation>进度面板</translation></message><message><source>De&amp;lete selected box</source><translation>删除所选框(&amp;L)</translation></message><message><source>Delete box</source><translation>删除框</translation></message><message><source>Delete boxes</source><translation>删除多个框</translation></message><message><source>Device</source><translation>设备</translation></message><message><source>Document</source><translation>文档</translation></message><message><source>Document / page</source><translation>文档 / 页</translation></message><message><source>Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp);;All files (*)</source><translation>文档 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp);;所有文件 (*)</translation></message><message><source>Double-click a candidate to link it as this figure's caption</source><translation>双击候选项即可将其链接为此图的图注</translation></message><message><source>Download from</source><translation>下载来源</translation></message><message><source>Download selected</source><translation>下载所选</translation></message><message><source>Download {arch} ({size:,.0f} MB, resumes if interrupted)</source><translation>下载 {arch}（{size:,.0f} MB，中断后可续传）</translation></message><message><source>Downloading {0}</source><translation>正在下载 {0}</translation></message><message><source>Downloading {arch}…</source><translation>正在下载 {arch}…</translation></message><message><source>Draw figure box</source><translation>绘制图框</translation></message><message><source>Drop or paste (Ctrl+V) an image to search with it</source><translation>拖入或粘贴（Ctrl+V）图像以图搜图</translation></message><message><source>E&amp;xport</source><translation>导出(&amp;X)</translation></message><message><source>E&amp;xport dataset…</source><translation>导出数据集(&amp;X)…</translation></message><message><source>ETA {0}:{1:02d}</source><translation>剩余 {0}:{1:02d}</translation></message><message><source>Edit &amp;Chinese caption</source><translation>编辑中文图注(&amp;C)</translation></message><message><source>Edit &amp;English caption</source><translation>编辑英文图注(&amp;E)</translation></message><message><source>Edit &amp;tags</source><translation>编辑标签(&amp;T)</translation></message><message><source>Edit caption</source><translation>编辑图注</translation></message><message><source>Edit caption fields</source><translation>编辑图注</translation></message><message><source>Edit note</source><translation>编辑备注</translation></message><message><source>Edit tags</source><translation>编辑标签</translation></message><message><source>Edits</source><translation>编辑次数</translation></message><message><source>English</source><translation>英文</translation></message><message><source>English caption</source><translation>英文图注</translation></message><message><source>English queries use these terms before the general dictionary. Project terms win over shipped ones; removing a shipped term hides it in this project.</source><translation>英文查询先用这些词条，再用通用词典。项目词条优先于内置词条；删除内置词条只在本项目中隐藏它。</translation></message><message><source>English term</source><translation>英文词条</translation></message><message><source>Epochs</source><translation>轮数</translation></message><message><source>Evaluate</source><translation>评估</translation></message><message><source>Evaluating</source><translation>正在评估</translation></message><message><source>Export</source><translation>导出</translation></message><message><source>Export cancelled; nothing was written.</source><translation>导出已取消，未写入任何内容。</translation></message><message><source>Export dataset</source><translation>导出数据集</translation></message><message><source>Export failed: {error}</source><translation>导出失败：{error}</translation></message><message><source>Export glossary</source><translation>导出词表</translation></message><message><source>Export to folder</source><translation>导出到文件夹</translation></message><message><source>Exported {n} terms to {file}</source><translation>已导出 {n} 个词条到 {file}</translation></message><message><source>Exported {pairs} pairs to {out}</source><translation>已导出 {pairs} 个图文对到 {out}</translation></message><message><source>Exporting dataset</source><translation>正在导出数据集</translation></message><message><source>Export…</source><translation>导出…</translation></message><message><source>File</source><translation>文件</translation></message><message><source>Filter…</source><translation>筛选…</translation></message><message><source>Fine-tuning needs at least 2 accepted pairs in the split '{split}' (found {found}). Accept more pairs in the review queue, or give accepted pairs a split.</source><translation>微调至少需要“{split}”中有 2 个已接受的图文对（现有 {found} 个）。请在审校队列中接受更多图文对，或为已接受的图文对划分数据集。</translation></message><message><source>First model</source><translation>初始模型</translation></message><message><source>Fit &amp;page</source><translation>适合页面(&amp;P)</translation></message><message><source>Fit &amp;width</source><translation>适合宽度(&amp;W)</translation></message><message><source>Follow the system</source><translation>跟随系统</translation></message><message><source>Format</source><translation>格式</translation></message><message><source>Freeze</source><translation>冻结</translation></message><message><source>Full caption</source><translation>完整图注</translation></message><message><source>Give accepted pairs a split</source><translation>为已接受的图文对划分数据集</translation></message><message><source>Glossary (*.json *.tsv *.csv *.txt)</source><translation>词表 (*.json *.tsv *.csv *.txt)</translation></message><message><source>Glossary (*.json)</source><translation>词表 (*.json)</translation></message><message><source>Guide</source><translation>使用指南</translation></message><message><source>Heatmap</source><translation>热力图</translation></message><message><source>Hugging Face (then ModelScope)</source><translation>Hugging Face（失败时改用 ModelScope）</translation></message><message><source>Hugging Face imagefolder</source><translation>Hugging Face 图像文件夹</translation></message><message><source>Hybrid</source><translation>混合</translation></message><message><source>Import Chinese-CLIP &amp;dataset…</source><translation>导入 Chinese-CLIP 数据集(&amp;D)…</translation></message><message><source>Import a checkpoint</source><translation>导入检查点</translation></message><message><source>Import a checkpoint file I have…</source><translation>导入已有的检查点文件…</translation></message><message><source>Import checkpoint…</source><translation>导入检查点…</translation></message><message><source>Import documents</source><translation>导入文档</translation></message><message><source>Import glossary</source><translation>导入词表</translation></message><message><source>Imported {n} document(s)</source><translation>已导入 {n} 个文档</translation></message><message><source>Imported {n} terms</source><translation>已导入 {n} 个词条</translation></message><message><source>Imported {pairs} pairs ({images} images) from {name}</source><translation>已从 {name} 导入 {pairs} 个图文对（{images} 幅图像）</translation></message><message><source>Importing checkpoint</source><translation>正在导入检查点</translation></message><message><source>Importing dataset</source><translation>正在导入数据集</translation></message><message><source>Importing {n} file(s)</source><translation>正在导入 {n} 个文件</translation></message><message><source>Import…</source><translation>导入…</translation></message><message><source>Index and search use: ViT-B-16 (pretrained) until a model is trained or picked.</source><translation>在训练或选择模型之前，索引和检索使用：ViT-B-16（预训练）。</translation></message><message><source>Index and search use: {0}</source><translation>索引和检索使用：{0}</translation></message><message><source>Index stale: {why}</source><translation>索引已过期：{why}</translation></message><message><source>Index up to date: {n} figures</source><translation>索引为最新：{n} 幅图</translation></message><message><source>Index updated: {f} figures, {c} captions</source><translation>索引已更新：{f} 幅图、{c} 条图注</translation></message><message><source>JSONL manifest</source><translation>JSONL 清单</translation></message><message><source>Keep each pair's stored split</source><translation>保留每个图文对已有的划分</translation></message><message><source>Kept {k} touched pair(s); replaced {r} proposal(s) by {a}</source><translation>保留 {k} 个已处理的图文对；{r} 个提议替换为 {a} 个</translation></message><message><source>Keyboard shortcuts</source><translation>键盘快捷键</translation></message><message><source>Keyword</source><translation>关键词</translation></message><message><source>LACLIP</source><translation>LACLIP</translation></message><message><source>Language</source><translation>语言</translation></message><message><source>Learning rate</source><translation>学习率</translation></message><message><source>Leave the text field / cancel drawing</source><translation>离开文本框 / 取消绘制</translation></message><message><source>Left to review</source><translation>待审校</translation></message><message><source>Licence</source><translation>许可</translation></message><message><source>Link caption</source><translation>链接图注</translation></message><message><source>Lowest confidence first</source><translation>置信度由低到高</translation></message><message><source>Mark pair for review</source><translation>标记为需复核</translation></message><message><source>Mark selected for review</source><translation>将所选标为需复核</translation></message><message><source>Mark {n} pairs for review</source><translation>将 {n} 个图文对标为需复核</translation></message><message><source>Merge figures</source><translation>合并图</translation></message><message><source>Model assist unavailable: {e}</source><translation>模型辅助不可用：{e}</translation></message><message><source>ModelScope (then Hugging Face)</source><translation>ModelScope（失败时改用 Hugging Face）</translation></message><message><source>Models</source><translation>模型</translation></message><message><source>Move/resize box</source><translation>移动/缩放框</translation></message><message><source>Needs re&amp;view</source><translation>需复核(&amp;V)</translation></message><message><source>Needs review</source><translation>需复核</translation></message><message><source>New &amp;team project…</source><translation>新建团队项目(&amp;T)…</translation></message><message><source>New model version {0} (best epoch {1}).</source><translation>新模型版本 {0}（最佳轮次 {1}）。</translation></message><message><source>New project</source><translation>新建项目</translation></message><message><source>New project…</source><translation>新建项目…</translation></message><message><source>New team project</source><translation>新建团队项目</translation></message><message><source>Next page</source><translation>下一页</translation></message><message><source>No model chosen yet and the {arch} weights are not on this computer: download them, import a checkpoint, or use the tiny demo model.</source><translation>尚未选择模型，本机也没有 {arch} 权重：请下载、导入检查点，或使用 tiny 演示模型。</translation></message><message><source>No pair selected</source><translation>未选择图文对</translation></message><message><source>No project open.</source><translation>未打开项目。</translation></message><message><source>No search index yet: keyword search only. Update the index to search by meaning.</source><translation>尚无检索索引：仅可关键词搜索。更新索引后可按语义搜索。</translation></message><message><source>Not a postgresql:// address</source><translation>不是 postgresql:// 地址</translation></message><message><source>Not imported: {reason}</source><translation>未导入：{reason}</translation></message><message><source>Not made current: it scores below its starting model on valid (pick it on the Models page if you want it anyway).</source><translation>未设为当前模型：其验证集得分低于起始模型（如仍想使用，可在“模型”页中选择）。</translation></message><message><source>Not saved: {reason}</source><translation>未保存：{reason}</translation></message><message><source>Note</source><translation>备注</translation></message><message><source>OCR text (confidence {conf}): {text}</source><translation>OCR 文本（置信度 {conf}）：{text}</translation></message><message><source>Offline mode: the {arch} weights cannot be downloaded. Import a checkpoint file instead.</source><translation>离线模式：无法下载 {arch} 权重。请改为导入检查点文件。</translation></message><message><source>Only {units} document group(s) hold the accepted pairs, fewer than the {splits} splits: some splits stay empty. Import more documents, or select the pairs in the review queue and choose Split selected at random.</source><translation>已接受的图文对只来自 {units} 组文档，少于 {splits} 个划分：有些划分将为空。请导入更多文档，或在审校队列中选中图文对后选择“随机划分所选”。</translation></message><message><source>Opacity</source><translation>不透明度</translation></message><message><source>Open &amp;recent</source><translation>最近的项目(&amp;R)</translation></message><message><source>Open a project with accepted pairs in the train split.</source><translation>请打开在训练划分中有已接受图文对的项目。</translation></message><message><source>Open folder</source><translation>打开文件夹</translation></message><message><source>Open it anyway? Edits from two windows may overwrite each other.</source><translation>仍要打开吗？两个窗口的编辑可能互相覆盖。</translation></message><message><source>Open project</source><translation>打开项目</translation></message><message><source>Open project…</source><translation>打开项目…</translation></message><message><source>Open team project</source><translation>打开团队项目</translation></message><message><source>Open team project by &amp;URL…</source><translation>按地址打开团队项目(&amp;U)…</translation></message><message><source>Open the &amp;sample project</source><translation>打开示例项目(&amp;S)</translation></message><message><source>Open the sample project</source><translation>打开示例项目</translation></message><message><source>OpenCLIP CSV</source><translation>OpenCLIP CSV 表</translation></message><message><source>Origin</source><translation>来源</translation></message><message><source>Output folder</source><translation>输出文件夹</translation></message><message><source>Page</source><translation>页</translation></message><message><source>Page order</source><translation>按页面顺序</translation></message><message><source>Page {n}</source><translation>第 {n} 页</translation></message><message><source>Page {x} / {n}</source><translation>第 {x} / {n} 页</translation></message><message><source>Pages</source><translation>页面</translation></message><message><source>Pair #{id} · {label} · proposal confidence {c:.2f} · curator {who}</source><translation>图文对 #{id} · {label} · 提议置信度 {c:.2f} · 审校人 {who}</translation></message><message><source>Pair status</source><translation>图文对状态</translation></message><message><source>Pairs</source><translation>图文对</translation></message><message><source>Password for {who}:</source><translation>{who} 的密码：</translation></message><message><source>Password: ~/.pgpass, PGPASSWORD or the system keyring, else asked; never saved in settings.</source><translation>密码取自 ~/.pgpass、PGPASSWORD 或系统钥匙串，找不到时会询问；从不保存在设置中。</translation></message><message><source>Per curator, all time</source><translation>按审校人（全部）</translation></message><message><source>Per curator, this session</source><translation>按审校人（本次会话）</translation></message><message><source>Per document</source><translation>按文档</translation></message><message><source>Preparing data and model…</source><translation>正在准备数据和模型…</translation></message><message><source>Preparing the sample project</source><translation>正在准备示例项目</translation></message><message><source>Preview</source><translation>预览</translation></message><message><source>Previous page</source><translation>上一页</translation></message><message><source>Project already open</source><translation>项目已被打开</translation></message><message><source>Project glossary (English → Chinese)</source><translation>项目词表（英文 → 中文）</translation></message><message><source>Propose pairs again</source><translation>重新提议图文对</translation></message><message><source>Proposed</source><translation>待审</translation></message><message><source>Proposing pairs again</source><translation>正在重新提议图文对</translation></message><message><source>Published Chinese-CLIP weights (user model folder)</source><translation>已发布的 Chinese-CLIP 权重（用户模型文件夹）</translation></message><message><source>Put in split: test</source><translation>划入测试集</translation></message><message><source>Put in split: train</source><translation>划入训练集</translation></message><message><source>Put in split: valid</source><translation>划入验证集</translation></message><message><source>PyTorch checkpoints (*.pt *.pth *.bin);;All files (*)</source><translation>PyTorch 检查点 (*.pt *.pth *.bin);;所有文件 (*)</translation></message><message><source>Random (by text)</source><translation>随机（按文本）</translation></message><message><source>Rank this page's text lines</source><translation>为本页文本行排序</translation></message><message><source>Ranking caption candidates</source><translation>正在为图注候选排序</translation></message><message><source>Redo</source><translation>重做</translation></message><message><source>Region level the heatmap shows</source><translation>热力图显示的区域层级</translation></message><message><source>Reject</source><translation>拒绝</translation></message><message><source>Reject pair</source><translation>拒绝图文对</translation></message><message><source>Reject selected</source><translation>拒绝所选</translation></message><message><source>Reject {n} pairs</source><translation>拒绝 {n} 个图文对</translation></message><message><source>Rejected</source><translation>已拒绝</translation></message><message><source>Remember in the system keyring</source><translation>记住密码（保存在系统钥匙串中）</translation></message><message><source>Remove selected</source><translation>删除所选</translation></message><message><source>Removed {n} terms</source><translation>已删除 {n} 个词条</translation></message><message><source>Replace an existing folder</source><translation>替换已有文件夹</translation></message><message><source>Review &amp;conflicts…</source><translation>审核分歧(&amp;C)…</translation></message><message><source>Review conflicts</source><translation>审核分歧</translation></message><message><source>Review recorded: {n} wait for a second curator, {c} in conflict</source><translation>已记录审核：{n} 个等待另一位策展人，{c} 个有分歧</translation></message><message><source>Reviewed</source><translation>已审校</translation></message><message><source>Reviewers' decisions</source><translation>审核人的决定</translation></message><message><source>Save a &amp;copy…</source><translation>另存副本(&amp;C)…</translation></message><message><source>Save a copy</source><translation>另存副本</translation></message><message><source>Saved: {en} → {zh}</source><translation>已保存：{en} → {zh}</translation></message><message><source>Search</source><translation>搜索</translation></message><message><source>Search captions, OCR text, tags…</source><translation>搜索图注、OCR 文本、标签…</translation></message><message><source>Search in Chinese or English…</source><translation>用中文或英文搜索…</translation></message><message><source>Search with the selected &amp;region</source><translation>用所选区域搜索(&amp;R)</translation></message><message><source>Search, training and caption suggestions need a Chinese-CLIP model. The {arch} weights are not on this computer yet. Choose one of three ways:</source><translation>检索、训练和图注推荐需要一个 Chinese-CLIP 模型。本机还没有 {arch} 权重。请从以下三种方式中选择一种：</translation></message><message><source>Searching</source><translation>正在搜索</translation></message><message><source>Searching…</source><translation>正在搜索…</translation></message><message><source>Second review is {state}; {n} pairs in conflict</source><translation>二次审核{state}；{n} 个图文对有分歧</translation></message><message><source>Second review off</source><translation>二次审核已关闭</translation></message><message><source>Second review on: accepting or rejecting waits for another curator</source><translation>二次审核已开启：接受或拒绝需等待另一位策展人</translation></message><message><source>Seed</source><translation>随机种子</translation></message><message><source>Select a box in the page viewer first</source><translation>请先在页面视图中选择一个框</translation></message><message><source>Select a figure first</source><translation>请先选择一幅图</translation></message><message><source>Select all</source><translation>全选</translation></message><message><source>Select exactly two figures (Ctrl+click) to merge</source><translation>请选择两幅图（Ctrl+点击）再合并</translation></message><message><source>Server address (PostgreSQL URL):</source><translation>服务器地址（PostgreSQL URL）：</translation></message><message><source>Server password</source><translation>服务器密码</translation></message><message><source>Set &amp;curator name…</source><translation>设置审校人姓名(&amp;C)…</translation></message><message><source>Shortcut</source><translation>快捷键</translation></message><message><source>Single-letter keys work when no text field has the focus; press Esc to leave a field. Ctrl+Enter accepts from anywhere.</source><translation>单字母快捷键在文本框没有焦点时有效；按 Esc 离开文本框。Ctrl+Enter 在任何位置都可接受。</translation></message><message><source>Some files were not imported</source><translation>部分文件未导入</translation></message><message><source>Split</source><translation>数据划分</translation></message><message><source>Split by</source><translation>划分依据</translation></message><message><source>Split figure</source><translation>拆分图</translation></message><message><source>Split ratios must be three non-negative numbers such as 8,1,1.</source><translation>划分比例必须是三个非负数，例如 8,1,1。</translation></message><message><source>Split selected at random</source><translation>随机划分所选</translation></message><message><source>Split selected by document</source><translation>按文档划分所选</translation></message><message><source>Start</source><translation>开始</translation></message><message><source>Start from</source><translation>起始模型</translation></message><message><source>Start with the sample project, or create or open your own.</source><translation>可以先打开示例项目，或新建、打开自己的项目。</translation></message><message><source>Status</source><translation>状态</translation></message><message><source>Stored split (pairs without one get one by document)</source><translation>使用已存的划分（未划分的按文档划分）</translation></message><message><source>Tags</source><translation>标签</translation></message><message><source>The full caption is the text as printed; the Chinese and English captions are kept separately and editing one does not change the others.</source><translation>完整图注是印刷的原文；中文图注和英文图注分别保存，修改其中一个不会改变其他两个。</translation></message><message><source>The main window cannot show pairs</source><translation>主窗口无法显示图文对</translation></message><message><source>The new language is used from the next start of CulTi Desktop.</source><translation>新语言将在下次启动 CulTi Desktop 时生效。</translation></message><message><source>The password in the address is used now but not saved; put it in ~/.pgpass or the keyring.</source><translation>地址中的密码仅用于本次连接，不会保存；请写入 ~/.pgpass 或系统钥匙串。</translation></message><message><source>The server refused the password; try again.</source><translation>服务器拒绝了该密码，请重试。</translation></message><message><source>The split '{split}' has no accepted pairs with an image and a caption. Accept more pairs, import more documents, or split the pairs at random.</source><translation>“{split}”中没有带图像和图注的已接受图文对。请接受更多图文对、导入更多文档，或随机划分图文对。</translation></message><message><source>The {arch} weights could not be downloaded from Hugging Face or ModelScope. Fetch the file on a connected computer and import it.</source><translation>无法从 Hugging Face 或 ModelScope 下载 {arch} 权重。请在联网的电脑上获取该文件后导入。</translation></message><message><source>These pairs no longer exist: {ids}.</source><translation>这些图文对已不存在：{ids}。</translation></message><message><source>This box has no pair to link</source><translation>此框没有可链接的图文对</translation></message><message><source>This project asks for a second review: set your name</source><translation>本项目要求二次审核：请先设置您的名字</translation></message><message><source>This project is already open in another CulTi Desktop window (process {pid} on {host}, since {since}).</source><translation>此项目已在另一个 CulTi Desktop 窗口中打开（{host} 上的进程 {pid}，自 {since} 起）。</translation></message><message><source>Time spent</source><translation>用时</translation></message><message><source>Training</source><translation>训练</translation></message><message><source>Undo</source><translation>撤销</translation></message><message><source>Unknown download source '{value}'.</source><translation>未知的下载来源“{value}”。</translation></message><message><source>Unknown split '{value}'.</source><translation>未知的划分“{value}”。</translation></message><message><source>Unknown split mode '{value}'.</source><translation>未知的划分方式“{value}”。</translation></message><message><source>Unknown status '{value}'.</source><translation>未知的状态“{value}”。</translation></message><message><source>Update index</source><translation>更新索引</translation></message><message><source>Updating the index in the background…</source><translation>正在后台更新索引…</translation></message><message><source>Updating the search index</source><translation>正在更新检索索引</translation></message><message><source>Use for index and search</source><translation>用于索引和检索</translation></message><message><source>Use the tiny demo model (a demo with no real knowledge: results are meaningless)</source><translation>使用 tiny 演示模型（仅供演示，没有真正的知识：结果没有意义）</translation></message><message><source>Valid MR {0:.1f} → {1:.1f}.</source><translation>验证集 MR {0:.1f} → {1:.1f}。</translation></message><message><source>WebDataset shards</source><translation>WebDataset 分片</translation></message><message><source>Welcome to CulTi Desktop</source><translation>欢迎使用 CulTi Desktop</translation></message><message><source>Your name, recorded with every edit you make:</source><translation>您的姓名（将记录在每一次编辑中）：</translation></message><message><source>Zoom &amp;in</source><translation>放大(&amp;I)</translation></message><message><source>Zoom &amp;out</source><translation>缩小(&amp;O)</translation></message><message><source>Zoom in</source><translation>放大</translation></message><message><source>accepted</source><translation>已接受</translation></message><message><source>all levels</source><translation>全部层级</translation></message><message><source>architecture</source><translation>架构</translation></message><message><source>best object</source><translation>最佳物体</translation></message><message><source>best part</source><translation>最佳局部</translation></message><message><source>built in</source><translation>内置</translation></message><message><source>comma-separated, e.g. 锦, 团花</source><translation>用逗号分隔，如 锦, 团花</translation></message><message><source>created</source><translation>创建时间</translation></message><message><source>crops</source><translation>裁块</translation></message><message><source>current model</source><translation>当前模型</translation></message><message><source>default</source><translation>默认</translation></message><message><source>documents</source><translation>文档</translation></message><message><source>downloading {name}</source><translation>正在下载 {name}</translation></message><message><source>dropped image</source><translation>拖入的图像</translation></message><message><source>encoding images</source><translation>正在编码图像</translation></message><message><source>encoding patches</source><translation>正在编码图块</translation></message><message><source>encoding texts</source><translation>正在编码文本</translation></message><message><source>epoch {0} · step {1}/{2} · loss {3:.3f}</source><translation>第 {0} 轮 · 第 {1}/{2} 步 · 损失 {3:.3f}</translation></message><message><source>exporting {fmt}</source><translation>正在导出 {fmt}</translation></message><message><source>fine-tuned</source><translation>微调</translation></message><message><source>fit to memory</source><translation>按内存自动</translation></message><message><source>hard negatives (same document, similar captions)</source><translation>困难负例（同一文档、相似图注）</translation></message><message><source>id</source><translation>编号</translation></message><message><source>images</source><translation>图像</translation></message><message><source>imported</source><translation>导入</translation></message><message><source>importing</source><translation>正在导入</translation></message><message><source>importing dataset</source><translation>正在导入数据集</translation></message><message><source>indexing figures</source><translation>正在为图建立索引</translation></message><message><source>kind</source><translation>类型</translation></message><message><source>line</source><translation>行</translation></message><message><source>loading model</source><translation>正在加载模型</translation></message><message><source>loss</source><translation>损失</translation></message><message><source>matches at: {level} ({scores})</source><translation>匹配层级：{level}（{scores}）</translation></message><message><source>name</source><translation>名称</translation></message><message><source>needs review</source><translation>待复核</translation></message><message><source>not downloaded</source><translation>未下载</translation></message><message><source>not understood: {words}</source><translation>未能理解：{words}</translation></message><message><source>nothing</source><translation>不冻结</translation></message><message><source>objects</source><translation>物体</translation></message><message><source>off</source><translation>已关闭</translation></message><message><source>on</source><translation>已开启</translation></message><message><source>override</source><translation>覆盖</translation></message><message><source>page {page} / {pages}</source><translation>第 {page} / {pages} 页</translation></message><message><source>pairs</source><translation>图文对</translation></message><message><source>paragraph</source><translation>段落</translation></message><message><source>parent</source><translation>父版本</translation></message><message><source>parts</source><translation>局部</translation></message><message><source>pasted image</source><translation>粘贴的图像</translation></message><message><source>patches</source><translation>图块</translation></message><message><source>postgresql://user@host:5432/database</source><translation>postgresql://用户名@主机:5432/数据库</translation></message><message><source>pretrained</source><translation>预训练</translation></message><message><source>project</source><translation>项目</translation></message><message><source>proposed</source><translation>待审</translation></message><message><source>re-proposing</source><translation>正在重新提议</translation></message><message><source>reading {split} pairs</source><translation>正在读取{split}图文对</translation></message><message><source>ready</source><translation>就绪</translation></message><message><source>region</source><translation>区域</translation></message><message><source>region {id}</source><translation>区域 {id}</translation></message><message><source>rejected</source><translation>已拒绝</translation></message><message><source>shipped</source><translation>内置</translation></message><message><source>skipped {n}: {first}</source><translation>跳过 {n} 条：{first}</translation></message><message><source>step</source><translation>步</translation></message><message><source>test</source><translation>测试集</translation></message><message><source>test MR</source><translation>测试集 MR</translation></message><message><source>text tower</source><translation>文本塔</translation></message><message><source>texts</source><translation>文本</translation></message><message><source>thumbnails</source><translation>正在生成缩略图</translation></message><message><source>tiny demo</source><translation>tiny 演示模型</translation></message><message><source>train</source><translation>训练集</translation></message><message><source>training {arch}</source><translation>正在训练 {arch}</translation></message><message><source>training {arch} (resumed at step {step})</source><translation>正在训练 {arch}（从第 {step} 步继续）</translation></message><message><source>valid</source><translation>验证集</translation></message><message><source>valid MR</source><translation>验证集 MR</translation></message><message><source>vision tower</source><translation>视觉塔</translation></message><message><source>weights</source><translation>权重</translation></message><message><source>whole figure</source><translation>整图</translation></message><message><source>{0} on {1}: T2I R@1 {2:.1f} · I2T R@1 {3:.1f} · MR {4:.1f}</source><translation>{0}（{1}）：文搜图 R@1 {2:.1f} · 图搜文 R@1 {3:.1f} · MR {4:.1f}</translation></message><message><source>{arch} (demo, seed {seed})</source><translation>{arch}（演示，种子 {seed}）</translation></message><message><source>{arch} (pretrained)</source><translation>{arch}（预训练）</translation></message><message><source>{arch} fine-tuned</source><translation>{arch} 微调版</translation></message><message><source>{arch} fine-tuned v{id}</source><translation>{arch} 微调版 v{id}</translation></message><message><source>{arch} imported from {file}</source><translation>{arch}（导入自 {file}）</translation></message><message><source>{doc} · page {page}
{caption}
score {score:.4f} (image {g}, region {l})</source><translation>{doc} · 第 {page} 页
{caption}
得分 {score:.4f}（整图 {g}，区域 {l}）</translation></message><message><source>{done:,.0f} of {total:,.0f} MB</source><translation>{done:,.0f} / {total:,.0f} MB</translation></message><message><source>{n} accepted pairs were given a split by document.</source><translation>已按文档为 {n} 个已接受的图文对划分数据集。</translation></message><message><source>{n} figure(s) could not be rendered</source><translation>{n} 幅图无法渲染</translation></message><message><source>{n} left out (no caption in this language)</source><translation>{n} 个未包含（没有该语言的图注）</translation></message><message><source>{n} results</source><translation>{n} 条结果</translation></message><message><source>{pairs} pairs, {texts} texts, {images} images from {docs} documents</source><translation>{pairs} 个图文对、{texts} 条文本、{images} 幅图像，来自 {docs} 个文档</translation></message><message><source>→ captions</source><translation>→ 图注</translation></message><message><source>→ figures</source><translation>→ 图像</translation></message></context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../ml_models_page.py" line="85" />
        <source>Use for index and search</source>
        <translation>用于索引和检索</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="87" />
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="88" />
        <source>Import checkpoint…</source>
        <translation>导入检查点…</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="90" />
        <source>architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="90" />
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="94" />
        <source>Download selected</source>
        <translation>下载所选</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="109" />
        <source>Published Chinese-CLIP weights (user model folder)</source>
        <translation>已发布的 Chinese-CLIP 权重（用户模型文件夹）</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="147" />
        <source>No project open.</source>
        <translation>未打开项目。</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="151" />
        <source>Index and search use: {0}</source>
        <translation>索引和检索使用：{0}</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="154" />
        <source>Index and search use: ViT-B-16 (pretrained) until a model is trained or picked.</source>
        <translation>在训练或选择模型之前，索引和检索使用：ViT-B-16（预训练）。</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="171" />
        <source>built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="173" />
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="173" />
        <source>not downloaded</source>
        <translation>未下载</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="218" />
        <source>Evaluating</source>
        <translation>正在评估</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="227" />
        <source>{0} on {1}: T2I R@1 {2:.1f} · I2T R@1 {3:.1f} · MR {4:.1f}</source>
        <translation>{0}（{1}）：文搜图 R@1 {2:.1f} · 图搜文 R@1 {3:.1f} · MR {4:.1f}</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="236" />
        <source>Import a checkpoint</source>
        <translation>导入检查点</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="238" />
        <source>PyTorch checkpoints (*.pt *.pth *.bin);;All files (*)</source>
        <translation>PyTorch 检查点 (*.pt *.pth *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="255" />
        <source>Importing checkpoint</source>
        <translation>正在导入检查点</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="274" />
        <source>Downloading {0}</source>
        <translation>正在下载 {0}</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <location filename="../names.py" line="16" />
        <source>proposed</source>
        <translation>待审</translation>
    </message>
    <message>
        <location filename="../names.py" line="17" />
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../names.py" line="18" />
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../names.py" line="19" />
        <source>needs review</source>
        <translation>需复核</translation>
    </message>
    <message>
        <location filename="../names.py" line="20" />
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location filename="../names.py" line="21" />
        <source>valid</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location filename="../names.py" line="22" />
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location filename="../names.py" line="23" />
        <source>tiny demo</source>
        <translation>tiny 演示模型</translation>
    </message>
    <message>
        <location filename="../names.py" line="24" />
        <source>pretrained</source>
        <translation>预训练</translation>
    </message>
    <message>
        <location filename="../names.py" line="25" />
        <source>fine-tuned</source>
        <translation>微调</translation>
    </message>
    <message>
        <location filename="../names.py" line="26" />
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../names.py" line="27" />
        <source>id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../names.py" line="28" />
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../names.py" line="29" />
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../names.py" line="30" />
        <source>architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../names.py" line="31" />
        <source>parent</source>
        <translation>父版本</translation>
    </message>
    <message>
        <location filename="../names.py" line="32" />
        <source>valid MR</source>
        <translation>验证集 MR</translation>
    </message>
    <message>
        <location filename="../names.py" line="33" />
        <source>test MR</source>
        <translation>测试集 MR</translation>
    </message>
    <message>
        <location filename="../names.py" line="34" />
        <source>created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../names.py" line="57" />
        <source>{arch} fine-tuned v{id}</source>
        <translation>{arch} 微调版 v{id}</translation>
    </message>
    <message>
        <location filename="../names.py" line="58" />
        <source>{arch} (demo, seed {seed})</source>
        <translation>{arch}（演示，种子 {seed}）</translation>
    </message>
    <message>
        <location filename="../names.py" line="59" />
        <source>{arch} (pretrained)</source>
        <translation>{arch}（预训练）</translation>
    </message>
    <message>
        <location filename="../names.py" line="60" />
        <source>{arch} fine-tuned</source>
        <translation>{arch} 微调版</translation>
    </message>
    <message>
        <location filename="../names.py" line="61" />
        <source>{arch} imported from {file}</source>
        <translation>{arch}（导入自 {file}）</translation>
    </message>
</context>
<context>
    <name>PageIndicator</name>
    <message>
        <location filename="../page_indicator.py" line="23" />
        <source>Page {x} / {n}</source>
        <translation>第 {x} / {n} 页</translation>
    </message>
</context>
<context>
    <name>PageStrip</name>
    <message>
        <location filename="../page_strip.py" line="91" />
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../page_strip.py" line="114" />
        <location filename="../page_strip.py" line="125" />
        <source>Page {x} / {n}</source>
        <translation>第 {x} / {n} 页</translation>
    </message>
</context>
<context>
    <name>PairPanel</name>
    <message>
        <location filename="../pair_panel.py" line="83" />
        <source>comma-separated, e.g. 锦, 团花</source>
        <translation>用逗号分隔，如 锦, 团花</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="91" />
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="92" />
        <source>valid</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="93" />
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="99" />
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="100" />
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="101" />
        <source>Needs review</source>
        <translation>需复核</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="116" />
        <source>Chinese caption</source>
        <translation>中文图注</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="117" />
        <source>English caption</source>
        <translation>英文图注</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="118" />
        <source>Full caption</source>
        <translation>完整图注</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="120" />
        <source>The full caption is the text as printed; the Chinese and English captions are kept separately and editing one does not change the others.</source>
        <translation>完整图注是印刷的原文；中文图注和英文图注分别保存，修改其中一个不会改变其他两个。</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="125" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="126" />
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="127" />
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="128" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="130" />
        <source>Caption candidates (model assist)</source>
        <translation>图注候选（模型辅助）</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="132" />
        <source>Rank this page's text lines</source>
        <translation>为本页文本行排序</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="138" />
        <source>Double-click a candidate to link it as this figure's caption</source>
        <translation>双击候选项即可将其链接为此图的图注</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="190" />
        <source>No pair selected</source>
        <translation>未选择图文对</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="215" />
        <source>OCR text (confidence {conf}): {text}</source>
        <translation>OCR 文本（置信度 {conf}）：{text}</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="219" />
        <source>Pair #{id} · {label} · proposal confidence {c:.2f} · curator {who}</source>
        <translation>图文对 #{id} · {label} · 提议置信度 {c:.2f} · 审校人 {who}</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="297" />
        <source>line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="297" />
        <source>paragraph</source>
        <translation>段落</translation>
    </message>
    <message>
        <location filename="../pair_panel.py" line="297" />
        <source>region</source>
        <translation>区域</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../password_prompt.py" line="31" />
        <source>Server password</source>
        <translation>服务器密码</translation>
    </message>
    <message>
        <location filename="../password_prompt.py" line="33" />
        <source>Password for {who}:</source>
        <translation>{who} 的密码：</translation>
    </message>
    <message>
        <location filename="../password_prompt.py" line="40" />
        <source>The server refused the password; try again.</source>
        <translation>服务器拒绝了该密码，请重试。</translation>
    </message>
    <message>
        <location filename="../password_prompt.py" line="48" />
        <source>Remember in the system keyring</source>
        <translation>记住密码（保存在系统钥匙串中）</translation>
    </message>
    <message>
        <location filename="../password_prompt.py" line="51" />
        <source>CulTi Desktop never saves the password in its settings.</source>
        <translation>CulTi Desktop 从不在设置中保存密码。</translation>
    </message>
</context>
<context>
    <name>PrepareJob</name>
    <message>
        <location filename="../prepare_job.py" line="26" />
        <source>Give accepted pairs a split</source>
        <translation>为已接受的图文对划分数据集</translation>
    </message>
    <message>
        <location filename="../prepare_job.py" line="33" />
        <source>{n} accepted pairs were given a split by document.</source>
        <translation>已按文档为 {n} 个已接受的图文对划分数据集。</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <location filename="../error_text.py" line="120" />
        <source>importing dataset</source>
        <translation>正在导入数据集</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="121" />
        <source>importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="122" />
        <source>page {page} / {pages}</source>
        <translation>第 {page} / {pages} 页</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="123" />
        <source>exporting {fmt}</source>
        <translation>正在导出 {fmt}</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="124" />
        <source>indexing figures</source>
        <translation>正在为图建立索引</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="125" />
        <source>thumbnails</source>
        <translation>正在生成缩略图</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="126" />
        <source>loading model</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="127" />
        <source>re-proposing</source>
        <translation>正在重新提议</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="128" />
        <source>downloading {name}</source>
        <translation>正在下载 {name}</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="129" />
        <source>reading {split} pairs</source>
        <translation>正在读取{split}图文对</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="130" />
        <source>encoding images</source>
        <translation>正在编码图像</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="131" />
        <source>encoding texts</source>
        <translation>正在编码文本</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="132" />
        <source>encoding patches</source>
        <translation>正在编码图块</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="133" />
        <source>training {arch} (resumed at step {step})</source>
        <translation>正在训练 {arch}（从第 {step} 步继续）</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="136" />
        <source>training {arch}</source>
        <translation>正在训练 {arch}</translation>
    </message>
</context>
<context>
    <name>ProjectController</name>
    <message>
        <location filename="../controllers/project.py" line="71" />
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../controllers/project.py" line="93" />
        <source>Project already open</source>
        <translation>项目已被打开</translation>
    </message>
    <message>
        <location filename="../controllers/project.py" line="96" />
        <source>Open it anyway? Edits from two windows may overwrite each other.</source>
        <translation>仍要打开吗？两个窗口的编辑可能互相覆盖。</translation>
    </message>
    <message>
        <location filename="../controllers/project.py" line="112" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../controllers/project.py" line="121" />
        <source>Cannot create project</source>
        <translation>无法创建项目</translation>
    </message>
    <message>
        <location filename="../controllers/project.py" line="128" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../controllers/project.py" line="138" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../controllers/project.py" line="153" />
        <source>Preparing the sample project</source>
        <translation>正在准备示例项目</translation>
    </message>
    <message>
        <location filename="../controllers/project.py" line="175" />
        <location filename="../controllers/project.py" line="180" />
        <source>Save a copy</source>
        <translation>另存副本</translation>
    </message>
    <message>
        <location filename="../controllers/project.py" line="182" />
        <source>Copy saved to {p}</source>
        <translation>副本已保存到 {p}</translation>
    </message>
</context>
<context>
    <name>QueueBulkActions</name>
    <message>
        <location filename="../queue_bulk.py" line="50" />
        <source>Accept selected</source>
        <translation>接受所选</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="51" />
        <source>Reject selected</source>
        <translation>拒绝所选</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="52" />
        <source>Mark selected for review</source>
        <translation>将所选标为需复核</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="57" />
        <source>Put in split: train</source>
        <translation>划入训练集</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="58" />
        <source>Put in split: valid</source>
        <translation>划入验证集</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="59" />
        <source>Put in split: test</source>
        <translation>划入测试集</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="63" />
        <source>Clear the split</source>
        <translation>清除划分</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="64" />
        <source>Split selected by document</source>
        <translation>按文档划分所选</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="65" />
        <source>Split selected at random</source>
        <translation>随机划分所选</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="66" />
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="128" />
        <source>Accept {n} pairs</source>
        <translation>接受 {n} 个图文对</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="129" />
        <source>Reject {n} pairs</source>
        <translation>拒绝 {n} 个图文对</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="130" />
        <source>Mark {n} pairs for review</source>
        <translation>将 {n} 个图文对标为需复核</translation>
    </message>
    <message>
        <location filename="../queue_bulk.py" line="141" />
        <location filename="../queue_bulk.py" line="155" />
        <source>Change split of {n} pairs</source>
        <translation>更改 {n} 个图文对的划分</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../review_queue.py" line="48" />
        <source>Conf.</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="49" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="50" />
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="51" />
        <source>Page</source>
        <translation>页</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="52" />
        <source>Caption</source>
        <translation>图注</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="55" />
        <source>proposed</source>
        <translation>待审</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="56" />
        <source>needs review</source>
        <translation>需复核</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="57" />
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="58" />
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
</context>
<context>
    <name>ReviewQueue</name>
    <message>
        <location filename="../review_queue.py" line="142" />
        <source>Left to review</source>
        <translation>待审校</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="143" />
        <source>All pairs</source>
        <translation>全部图文对</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="144" />
        <source>Proposed</source>
        <translation>待审</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="145" />
        <source>Needs review</source>
        <translation>需复核</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="146" />
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="147" />
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="161" />
        <source>Search captions, OCR text, tags…</source>
        <translation>搜索图注、OCR 文本、标签…</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="164" />
        <source>Lowest confidence first</source>
        <translation>置信度由低到高</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="165" />
        <source>Page order</source>
        <translation>按页面顺序</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="189" />
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="213" />
        <source>All documents</source>
        <translation>全部文档</translation>
    </message>
    <message>
        <location filename="../review_queue.py" line="245" />
        <source>Accepted {a} · Rejected {r} · Left {l} · shown {n}</source>
        <translation>已接受 {a} · 已拒绝 {r} · 待审 {l} · 显示 {n}</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../search_panel.py" line="69" />
        <source>Search in Chinese or English…</source>
        <translation>用中文或英文搜索…</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="71" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="79" />
        <source>CLIP</source>
        <translation>CLIP</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="80" />
        <source>Keyword</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="81" />
        <source>Hybrid</source>
        <translation>混合</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="85" />
        <source>LACLIP</source>
        <translation>LACLIP</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="88" />
        <source>→ figures</source>
        <translation>→ 图像</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="89" />
        <source>→ captions</source>
        <translation>→ 图注</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="95" />
        <location filename="../search_panel.py" line="267" />
        <source>Drop or paste (Ctrl+V) an image to search with it</source>
        <translation>拖入或粘贴（Ctrl+V）图像以图搜图</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="97" />
        <source>Clear image</source>
        <translation>清除图像</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="105" />
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="110" />
        <source>Any split</source>
        <translation>任意划分</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="118" />
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="121" />
        <source>crops</source>
        <translation>裁块</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="122" />
        <source>patches</source>
        <translation>图块</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="130" />
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="142" />
        <source>Update index</source>
        <translation>更新索引</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="178" />
        <source>All documents</source>
        <translation>全部文档</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="196" />
        <location filename="../search_panel.py" line="206" />
        <source>No search index yet: keyword search only. Update the index to search by meaning.</source>
        <translation>尚无检索索引：仅可关键词搜索。更新索引后可按语义搜索。</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="210" />
        <source>Index stale: {why}</source>
        <translation>索引已过期：{why}</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="214" />
        <source>Index up to date: {n} figures</source>
        <translation>索引为最新：{n} 幅图</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="219" />
        <source>Checking the search index</source>
        <translation>正在检查检索索引</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="241" />
        <source>Index updated: {f} figures, {c} captions</source>
        <translation>索引已更新：{f} 幅图、{c} 条图注</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="246" />
        <source>Updating the index in the background…</source>
        <translation>正在后台更新索引…</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="250" />
        <source>Updating the search index</source>
        <translation>正在更新检索索引</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="279" />
        <source>pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="290" />
        <source>dropped image</source>
        <translation>拖入的图像</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="307" />
        <source>Select a box in the page viewer first</source>
        <translation>请先在页面视图中选择一个框</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="312" />
        <source>region {id}</source>
        <translation>区域 {id}</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="355" />
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="359" />
        <source>Searching</source>
        <translation>正在搜索</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="379" />
        <source>{n} results</source>
        <translation>{n} 条结果</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="383" />
        <source>not understood: {words}</source>
        <translation>未能理解：{words}</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="428" />
        <source>The main window cannot show pairs</source>
        <translation>主窗口无法显示图文对</translation>
    </message>
    <message>
        <location filename="../score_display.py" line="33" />
        <source>best part</source>
        <translation>最佳局部</translation>
    </message>
    <message>
        <location filename="../score_display.py" line="35" />
        <source>best object</source>
        <translation>最佳物体</translation>
    </message>
    <message>
        <location filename="../heat_levels.py" line="24" />
        <source>parts</source>
        <translation>局部</translation>
    </message>
    <message>
        <location filename="../heat_levels.py" line="26" />
        <source>objects</source>
        <translation>物体</translation>
    </message>
    <message>
        <location filename="../heat_levels.py" line="28" />
        <location filename="../score_display.py" line="37" />
        <source>whole figure</source>
        <translation>整图</translation>
    </message>
    <message>
        <location filename="../heat_levels.py" line="29" />
        <source>all levels</source>
        <translation>全部层级</translation>
    </message>
    <message>
        <location filename="../heat_levels.py" line="40" />
        <source>Region level the heatmap shows</source>
        <translation>热力图显示的区域层级</translation>
    </message>
    <message>
        <location filename="../score_display.py" line="49" />
        <source>matches at: {level} ({scores})</source>
        <translation>匹配层级：{level}（{scores}）</translation>
    </message>
    <message>
        <location filename="../score_display.py" line="61" />
        <source>{doc} · page {page}
{caption}
score {score:.4f} (image {g}, region {l})</source>
        <translation>{doc} · 第 {page} 页
{caption}
得分 {score:.4f}（整图 {g}，区域 {l}）</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../dialogs.py" line="79" />
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="90" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="90" />
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="101" />
        <source>Single-letter keys work when no text field has the focus; press Esc to leave a field. Ctrl+Enter accepts from anywhere.</source>
        <translation>单字母快捷键在文本框没有焦点时有效；按 Esc 离开文本框。Ctrl+Enter 在任何位置都可接受。</translation>
    </message>
</context>
<context>
    <name>StatusProgress</name>
    <message>
        <location filename="../workers.py" line="269" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../workers.py" line="306" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>TeamProject</name>
    <message>
        <location filename="../team_project.py" line="89" />
        <source>Not a postgresql:// address</source>
        <translation>不是 postgresql:// 地址</translation>
    </message>
    <message>
        <location filename="../team_project.py" line="96" />
        <source>The password in the address is used now but not saved; put it in ~/.pgpass or the keyring.</source>
        <translation>地址中的密码仅用于本次连接，不会保存；请写入 ~/.pgpass 或系统钥匙串。</translation>
    </message>
    <message>
        <location filename="../team_project.py" line="107" />
        <source>Cannot create project</source>
        <translation>无法创建项目</translation>
    </message>
    <message>
        <location filename="../team_project.py" line="181" />
        <source>Changed by another curator</source>
        <translation>已被其他审校员修改</translation>
    </message>
    <message>
        <location filename="../team_project.py" line="194" />
        <source>New &amp;team project…</source>
        <translation>新建团队项目(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../team_project.py" line="195" />
        <source>Open team project by &amp;URL…</source>
        <translation>按地址打开团队项目(&amp;U)…</translation>
    </message>
</context>
<context>
    <name>TeamUrlDialog</name>
    <message>
        <location filename="../team_project.py" line="32" />
        <source>New team project</source>
        <translation>新建团队项目</translation>
    </message>
    <message>
        <location filename="../team_project.py" line="32" />
        <source>Open team project</source>
        <translation>打开团队项目</translation>
    </message>
    <message>
        <location filename="../team_project.py" line="34" />
        <source>Server address (PostgreSQL URL):</source>
        <translation>服务器地址（PostgreSQL URL）：</translation>
    </message>
    <message>
        <location filename="../team_project.py" line="37" />
        <source>postgresql://user@host:5432/database</source>
        <translation>postgresql://用户名@主机:5432/数据库</translation>
    </message>
    <message>
        <location filename="../team_project.py" line="41" />
        <source>Password: ~/.pgpass, PGPASSWORD or the system keyring, else asked; never saved in settings.</source>
        <translation>密码取自 ~/.pgpass、PGPASSWORD 或系统钥匙串，找不到时会询问；从不保存在设置中。</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../ml_training_panel.py" line="138" />
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="140" />
        <source>fit to memory</source>
        <translation>按内存自动</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="143" />
        <source>nothing</source>
        <translation>不冻结</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="144" />
        <source>vision tower</source>
        <translation>视觉塔</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="145" />
        <source>text tower</source>
        <translation>文本塔</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="148" />
        <source>hard negatives (same document, similar captions)</source>
        <translation>困难负例（同一文档、相似图注）</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="152" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="153" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="155" />
        <source>Open a project with accepted pairs in the train split.</source>
        <translation>请打开在训练划分中有已接受图文对的项目。</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="161" />
        <source>Start from</source>
        <translation>起始模型</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="162" />
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="163" />
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="164" />
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="165" />
        <source>Freeze</source>
        <translation>冻结</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="167" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="172" />
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="172" />
        <source>valid MR</source>
        <translation>验证集 MR</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="203" />
        <source>current model</source>
        <translation>当前模型</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="237" />
        <source>Preparing data and model…</source>
        <translation>正在准备数据和模型…</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="247" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="261" />
        <source>Cancelling… the run is saved and resumes on the next Start.</source>
        <translation>正在取消……本次训练已保存，下次开始时继续。</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="267" />
        <source>epoch {0} · step {1}/{2} · loss {3:.3f}</source>
        <translation>第 {0} 轮 · 第 {1}/{2} 步 · 损失 {3:.3f}</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="279" />
        <source>ETA {0}:{1:02d}</source>
        <translation>剩余 {0}:{1:02d}</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="284" />
        <source>New model version {0} (best epoch {1}).</source>
        <translation>新模型版本 {0}（最佳轮次 {1}）。</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="286" />
        <source>Valid MR {0:.1f} → {1:.1f}.</source>
        <translation>验证集 MR {0:.1f} → {1:.1f}。</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="289" />
        <source>Not made current: it scores below its starting model on valid (pick it on the Models page if you want it anyway).</source>
        <translation>未设为当前模型：其验证集得分低于起始模型（如仍想使用，可在“模型”页中选择）。</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="301" />
        <source>Cancelled. Start again with the same options to resume.</source>
        <translation>已取消。用相同选项再次开始即可继续。</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../workers.py" line="344" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../workers.py" line="373" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>w</name>
    <message>
        <location filename="../window_actions.py" line="74" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="75" />
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="76" />
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="77" />
        <source>Open &amp;recent</source>
        <translation>最近的项目(&amp;R)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="79" />
        <source>Open the &amp;sample project</source>
        <translation>打开示例项目(&amp;S)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="81" />
        <source>&amp;Import documents…</source>
        <translation>导入文档(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="83" />
        <source>&amp;Propose pairs again (this document)…</source>
        <translation>重新提议本文档的图文对(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="85" />
        <source>Save a &amp;copy…</source>
        <translation>另存副本(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="87" />
        <source>&amp;Close project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="88" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="90" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="91" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="94" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="101" />
        <source>&amp;Draw a new figure box</source>
        <translation>绘制新图框(&amp;D)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="102" />
        <source>&amp;Link figure to a caption or text line</source>
        <translation>将图链接到图注或文本行(&amp;L)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="106" />
        <source>De&amp;lete selected box</source>
        <translation>删除所选框(&amp;L)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="111" />
        <source>&amp;Split figure in two</source>
        <translation>将图一分为二(&amp;S)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="112" />
        <source>&amp;Merge two selected figures</source>
        <translation>合并所选两幅图(&amp;M)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="114" />
        <source>Set &amp;curator name…</source>
        <translation>设置审校人姓名(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="116" />
        <source>&amp;Review</source>
        <translation>审校(&amp;R)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="117" />
        <source>&amp;Accept</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="119" />
        <source>&amp;Reject</source>
        <translation>拒绝(&amp;R)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="121" />
        <source>Needs re&amp;view</source>
        <translation>需复核(&amp;V)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="123" />
        <source>&amp;Next pair</source>
        <translation>下一对(&amp;N)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="124" />
        <source>&amp;Previous pair</source>
        <translation>上一对(&amp;P)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="127" />
        <source>Edit &amp;Chinese caption</source>
        <translation>编辑中文图注(&amp;C)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="130" />
        <source>Edit &amp;English caption</source>
        <translation>编辑英文图注(&amp;E)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="132" />
        <source>Edit &amp;tags</source>
        <translation>编辑标签(&amp;T)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="134" />
        <source>Leave the text field / cancel drawing</source>
        <translation>离开文本框 / 取消绘制</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="137" />
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="138" />
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="140" />
        <source>&amp;Dashboard…</source>
        <translation>进度面板(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="143" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="146" />
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="149" />
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="151" />
        <source>Fit &amp;width</source>
        <translation>适合宽度(&amp;W)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="152" />
        <source>Fit &amp;page</source>
        <translation>适合页面(&amp;P)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="157" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="160" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="162" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="163" />
        <source>&amp;About CulTi Desktop</source>
        <translation>关于 CulTi Desktop(&amp;A)</translation>
    </message>
    <message>
        <location filename="../window_actions.py" line="165" />
        <source>Curation</source>
        <translation>审校</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="113" />
        <source>Second review on: accepting or rejecting waits for another curator</source>
        <translation>二次审核已开启：接受或拒绝需等待另一位策展人</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="115" />
        <source>Second review off</source>
        <translation>二次审核已关闭</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="126" />
        <source>Review &amp;conflicts…</source>
        <translation>审核分歧(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../conflicts_dialog.py" line="127" />
        <source>&amp;Second review</source>
        <translation>二次审核(&amp;S)</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../export_dialog.py" line="303" />
        <source>Imported {pairs} pairs ({images} images) from {name}</source>
        <translation>已从 {name} 导入 {pairs} 个图文对（{images} 幅图像）</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="311" />
        <source>Importing dataset</source>
        <translation>正在导入数据集</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="317" />
        <source>Chinese-CLIP dataset folder</source>
        <translation>Chinese-CLIP 数据集文件夹</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="330" />
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="334" />
        <source>E&amp;xport dataset…</source>
        <translation>导出数据集(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="345" />
        <source>Import Chinese-CLIP &amp;dataset…</source>
        <translation>导入 Chinese-CLIP 数据集(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="478" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="178" />
        <location filename="../search_panel.py" line="482" />
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <location filename="../glossary_editor.py" line="183" />
        <source>&amp;Glossary…</source>
        <translation>词表(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="483" />
        <source>&amp;Find figures…</source>
        <translation>查找图像(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="487" />
        <source>Search with the selected &amp;region</source>
        <translation>用所选区域搜索(&amp;R)</translation>
    </message>
    <message>
        <location filename="../search_panel.py" line="491" />
        <source>&amp;Update the search index</source>
        <translation>更新检索索引(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="290" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ml_models_page.py" line="298" />
        <source>&amp;Models and versions</source>
        <translation>模型与版本(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="46" />
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="311" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../ml_training_panel.py" line="318" />
        <source>&amp;Training panel</source>
        <translation>训练面板(&amp;T)</translation>
    </message>
    <message>
        <location filename="../guide.py" line="47" />
        <source>&amp;Guide</source>
        <translation>使用指南(&amp;G)</translation>
    </message>
    <message>
        <location filename="../undo_toolbar.py" line="23" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../undo_toolbar.py" line="26" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
</context>
</TS>