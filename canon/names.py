"""Canonical names for providers, GPUs and models.

Sources spell the same company many ways (``together_ai``, ``Together``,
``together``); all of them map to one display name here, so that joins across
sources work. ``known_provider`` says whether a spelling is in the table; parsers
record the ones that are not (``ParseResult.unmapped_name``) so they are counted and
listed on Data & sources. An unknown name still loads (title-cased when it is all
lower case, as slugs are), never dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Normalized key (lowercase, alphanumerics only) -> canonical provider name.
_PROVIDER_ALIASES: dict[str, str] = {
    # model labs / first-party APIs
    "openai": "OpenAI",
    "textcompletionopenai": "OpenAI",
    "chatgpt": "OpenAI",
    "anthropic": "Anthropic",
    "claudeplatformonaws": "Anthropic",
    "gemini": "Google",
    "google": "Google",
    "googleaistudio": "Google",
    "palm": "Google",
    "vertexai": "Google Vertex AI",
    "googlevertex": "Google Vertex AI",
    "deepseek": "DeepSeek",
    "mistral": "Mistral AI",
    "mistralai": "Mistral AI",
    "codestral": "Mistral AI",
    "textcompletioncodestral": "Mistral AI",
    "xai": "xAI",
    "cohere": "Cohere",
    "coherechat": "Cohere",
    "ai21": "AI21 Labs",
    "meta": "Meta",
    "metallama": "Meta",
    "metaai": "Meta",
    "moonshot": "Moonshot AI",
    "moonshotai": "Moonshot AI",
    "minimax": "MiniMax",
    "zai": "Z.AI",
    "zhipu": "Z.AI",
    "zhipuai": "Z.AI",
    "bigmodel": "Z.AI",  # open.bigmodel.cn, Zhipu's API platform
    "dashscope": "Alibaba",
    "alibaba": "Alibaba",
    "aliyun": "Alibaba",
    "alibabacloudint": "Alibaba",
    "qwen": "Alibaba",
    "qwencloud": "Alibaba",  # Qwen's own cloud API, run by Alibaba Cloud
    "qwenaiplatform": "Alibaba",
    "amazon": "Amazon",
    "amazonnova": "Amazon",
    "inception": "Inception",
    "textcompletioninception": "Inception",
    "perplexity": "Perplexity",
    "tencent": "Tencent",
    "baidu": "Baidu",
    "volcengine": "ByteDance Volcengine",
    "seed": "ByteDance Seed",
    "reka": "Reka",
    "upstage": "Upstage",
    "stepfun": "StepFun",
    "xiaomi": "Xiaomi",
    # MLPerf Inference submitters (systems vendors, labs; joint submissions as "A + B")
    "amd": "AMD",
    "amdmangoboost": "AMD + MangoBoost",
    "asustek": "ASUSTeK",
    "broadcomsupermicro": "Broadcom + Supermicro",
    "ctuning": "cTuning",
    "cisco": "Cisco",
    "connecttechinc": "Connect Tech",
    "dell": "Dell",
    "dellbroadcom": "Dell + Broadcom",
    "dellmangoboost": "Dell + MangoBoost",
    "fujitsu": "Fujitsu",
    "gateoverflow": "GATEOverflow",
    "hpe": "HPE",
    "intelvmware": "Intel + VMware",
    "junipernetworks": "Juniper Networks",
    "krai": "KRAI",
    "lenovo": "Lenovo",
    "mangoboost": "MangoBoost",
    "mitac": "MiTAC",
    "neuralmagic": "Neural Magic",
    "quantacloudtechnology": "Quanta Cloud Technology",
    "redhat": "Red Hat",
    "supermicro": "Supermicro",
    "supermicromangoboost": "Supermicro + MangoBoost",
    "sustainablemetalcloud": "Sustainable Metal Cloud",
    "thestage": "TheStage AI",
    "universityofflorida": "University of Florida",
    "untetherai": "Untether AI",
    "amitashnanda": "amitashnanda",  # an individual's open-division submission
    # hyperscalers
    "aws": "AWS",
    "bedrock": "AWS Bedrock",
    "bedrockconverse": "AWS Bedrock",
    "bedrockmantle": "AWS Bedrock",
    "amazonbedrock": "AWS Bedrock",
    "sagemaker": "AWS SageMaker",
    "azure": "Microsoft Azure",
    "azureai": "Microsoft Azure",
    "azuretext": "Microsoft Azure",
    "gcp": "Google Cloud",
    "googlecloud": "Google Cloud",
    "oracle": "Oracle Cloud",
    "oci": "Oracle Cloud",
    "watsonx": "IBM watsonx",
    "snowflake": "Snowflake",
    "databricks": "Databricks",
    "cloudflare": "Cloudflare",
    # inference providers
    "togetherai": "Together AI",
    "together": "Together AI",
    "fireworksai": "Fireworks AI",
    "fireworks": "Fireworks AI",
    "groq": "Groq",
    "cerebras": "Cerebras",
    "sambanova": "SambaNova",
    "deepinfra": "DeepInfra",
    "baseten": "Baseten",
    "replicate": "Replicate",
    "anyscale": "Anyscale",
    "lepton": "Lepton AI",
    "leptonai": "Lepton AI",
    "novita": "Novita AI",
    "novitaai": "Novita AI",
    "friendliai": "FriendliAI",
    "friendli": "FriendliAI",
    "ionet": "io.net",
    "claudeonaws": "Anthropic",
    "voyageai": "Voyage AI",
    "voyage": "Voyage AI",
    "jinaai": "Jina AI",
    "hyperbolic": "Hyperbolic",
    "featherlessai": "Featherless AI",
    "nvidianim": "NVIDIA NIM",
    "nvidia": "NVIDIA",
    "siliconflow": "SiliconFlow",
    "parasail": "Parasail",
    "chutes": "Chutes",
    "atlascloud": "AtlasCloud",
    "gmi": "GMI Cloud",
    "gmicloud": "GMI Cloud",
    "openrouter": "OpenRouter",
    "vercelaigateway": "Vercel AI Gateway",
    "modal": "Modal",
    # W&B Inference is CoreWeave's (CoreWeave bought Weights & Biases in 2025); OpenRouter
    # lists the same endpoints as "CoreWeave", the curated landscape as "CoreWeave (W&B
    # Inference)". One company, one name.
    "wandb": "CoreWeave",
    "weightsbiases": "CoreWeave",
    "weightsandbiases": "CoreWeave",
    "streamlake": "StreamLake",
    "sail": "Sail Research",
    "sailresearch": "Sail Research",
    "sambanovaturbo": "SambaNova",
    "nextbit": "NextBit",
    "modelrun": "ModelRun",
    "akashml": "AkashML",
    "openinference": "OpenInference",
    "nexagi": "Nex AGI",
    "aionlabs": "AionLabs",
    "sakana": "Sakana AI",
    "mara": "MARA",
    "githubcopilot": "GitHub Copilot",
    "aiml": "AI/ML API",
    "nlpcloud": "NLP Cloud",
    "ppio": "PPIO",
    "ambient": "Ambient",
    "arceeai": "Arcee AI",
    "blackforestlabs": "Black Forest Labs",
    "darkbloom": "Darkbloom",
    "decart": "Decart",
    "deepgram": "Deepgram",
    "fishaudio": "Fish Audio",
    "gryphe": "Gryphe",
    "hexgrad": "Hexgrad",
    "inceptron": "Inceptron",
    "inflection": "Inflection AI",
    "intfloat": "intfloat",
    "ionstream": "Ionstream",
    "krea": "Krea",
    "mancer": "Mancer",
    "meituan": "Meituan",
    "microsoft": "Microsoft",
    "morph": "Morph",
    "perceptron": "Perceptron",
    "phala": "Phala",
    "poolside": "Poolside",
    "primeintellect": "Prime Intellect",
    "recraft": "Recraft",
    "relace": "Relace",
    "runway": "Runway",
    "sentencetransformers": "Sentence Transformers",
    "sesame": "Sesame",
    "sourceful": "Sourceful",
    "switchpoint": "Switchpoint",
    "thenlper": "thenlper",
    "undi95": "Undi95",
    "venice": "Venice",
    "wafer": "Wafer",
    "writer": "Writer",
    "zyphra": "Zyphra",
    "alephalpha": "Aleph Alpha",
    "gigachat": "GigaChat",  # Sber's API
    "gradientai": "DigitalOcean",  # DigitalOcean Gradient AI platform
    "lemonade": "Lemonade",
    "libertai": "LibertAI",
    "llamagate": "LlamaGate",
    "ollama": "Ollama",
    "pinstripes": "Pinstripes",
    "publicai": "PublicAI",
    "sarvam": "Sarvam AI",
    "sarvamai": "Sarvam AI",
    "tensormesh": "Tensormesh",
    "v0": "Vercel v0",
    "gigacomputing": "GigaComputing",
    # non-token services LiteLLM also prices (search, speech, documents)
    "apiserpent": "APISerpent",
    "assemblyai": "AssemblyAI",
    "awspolly": "AWS",
    "dataforseo": "DataForSEO",
    "duckduckgo": "DuckDuckGo",
    "elevenlabs": "ElevenLabs",
    "exaai": "Exa",
    "falai": "fal.ai",
    "firecrawl": "Firecrawl",
    "googlepse": "Google",
    "heroku": "Heroku",
    "linkup": "Linkup",
    "parallelai": "Parallel AI",
    "reducto": "Reducto",
    "runwayml": "Runway",
    "searxng": "SearXNG",
    "serper": "Serper",
    "soniox": "Soniox",
    "stability": "Stability AI",
    "stabilityai": "Stability AI",
    "tavily": "Tavily",
    "tinyfish": "TinyFish",
    "youcom": "You.com",
    # model authors as OpenRouter's model ids spell them (fine-tuners, research groups)
    "aetherwiing": "Aetherwiing",
    "agenticaorg": "Agentica",
    "alfredpros": "AlfredPros",
    "allhands": "All Hands AI",
    "alpindale": "Alpindale",
    "bigcode": "BigCode",
    "evaunit01": "EVA-UNIT-01",
    "featherless": "Featherless AI",
    "huggingfaceh4": "Hugging Face",
    "infermatic": "Infermatic",
    "inflatebot": "inflatebot",
    "intel": "Intel",
    "jebcarter": "jebcarter",
    "jondurbin": "Jon Durbin",
    "koboldai": "KoboldAI",
    "latitudegames": "Latitude Games",
    "liuhaotian": "LLaVA (liuhaotian)",
    "lizpreciatior": "lizpreciatior",
    "lynn": "Lynn",
    "mattshumer": "Matt Shumer",
    "migtissera": "Migel Tissera",
    "neversleep": "NeverSleep",
    "nothingiisreal": "nothingiisreal",
    "openorca": "Open-Orca",
    "openr1": "Open R1 (Hugging Face)",
    "openchat": "OpenChat",
    "phind": "Phind",
    "pygmalionai": "PygmalionAI",
    "raifle": "raifle",
    "recursal": "Recursal",
    "rwkv": "RWKV",
    "scb10x": "SCB 10X",
    "sentientagi": "Sentient",
    "sophosympatheia": "sophosympatheia",
    "steelskull": "Steelskull",
    "teknium": "Teknium",
    "thudm": "THUDM",
    "tokyotechllm": "Tokyo Tech LLM",
    "xwinlm": "Xwin-LM",
    # model creators as OpenRouter's id prefixes spell them
    "01ai": "01.AI",
    "allenai": "Ai2",
    "anthracite": "Anthracite",
    "anthraciteorg": "Anthracite",
    "baai": "BAAI",
    "bytedance": "ByteDance",
    "bytedanceresearch": "ByteDance",
    "bytedanceseed": "ByteDance Seed",
    "cognitivecomputations": "Cognitive Computations",
    "deepcogito": "Deep Cogito",
    "essentialai": "Essential AI",
    "ibmgranite": "IBM",
    "ibm": "IBM",
    "inclusionai": "inclusionAI",
    "kwaipilot": "Kuaishou",
    "kwaivgi": "Kuaishou",
    "liquid": "Liquid AI",
    "nousresearch": "Nous Research",
    "rekaai": "Reka",
    "sao10k": "Sao10K",
    "stepfunai": "StepFun",
    "thedrummer": "TheDrummer",
    "thinkingmachines": "Thinking Machines",
    "tngtech": "TNG Technology",
    "togethercomputer": "Together AI",
    "canopylabs": "Canopy Labs",
    "opengvlab": "OpenGVLab",
    "arliai": "ArliAI",
    # AI clouds / neoclouds / marketplaces
    "coreweave": "CoreWeave",
    "lambda": "Lambda",
    "lambdaai": "Lambda",
    "lambdalabs": "Lambda",
    "lambdacloud": "Lambda",
    "crusoe": "Crusoe",
    "nebius": "Nebius",
    "runpod": "RunPod",
    "vastai": "Vast.ai",
    "vast": "Vast.ai",
    "scaleway": "Scaleway",
    "ovh": "OVHcloud",
    "ovhcloud": "OVHcloud",
    "nscale": "Nscale",
    "fluidstack": "Fluidstack",
    "sfcompute": "SF Compute",
    "hyperstack": "Hyperstack",
    "paperspace": "Paperspace",
    "digitalocean": "DigitalOcean",
    "vultr": "Vultr",
    "tensordock": "TensorDock",
    "hotaisle": "Hot Aisle",
    "tensorwave": "TensorWave",
    "massedcompute": "Massed Compute",
    "datacrunch": "DataCrunch",
    "verda": "Verda",
    "gcore": "Gcore",
    "cudo": "Cudo Compute",
    "civo": "Civo",
    "flyio": "Fly.io",
    "koyeb": "Koyeb",
    "thunder": "Thunder Compute",
    "acecloud": "AceCloud",
    "beyondpl": "Beyond.pl",
    "buildai": "Build AI",
    "cerebrium": "Cerebrium",
    "enverge": "Enverge",
    "lyceum": "Lyceum",
    "oblivus": "Oblivus",
    "packetai": "PacketAI",
    "sesterce": "Sesterce",
    "theta": "Theta EdgeCloud",
    "upcloud": "UpCloud",
    "beam": "Beam",
    # product-line names used in the curated landscape table
    "googlegeminiapi": "Google",
    "metallamaapi": "Meta",
    "alibabacloudqwen": "Alibaba",
    "alibabacloud": "Alibaba",
    "zaizhipu": "Z.AI",
    "xiaomimimo": "Xiaomi",
    "tencenthunyuan": "Tencent",
    "baiduqianfanernie": "Baidu",
    "cloudflareworkersai": "Cloudflare",
    "nvidianimnvcfapi": "NVIDIA NIM",
    "nebiustokenfactory": "Nebius",
    "coreweavewbinference": "CoreWeave",
    "crusoecrusoecloudinference": "Crusoe",
    "amazonwebservicesbedrocksagemaker": "AWS",
    "amazonwebservices": "AWS",
    "microsoftazureazureopenaiaifoundry": "Microsoft Azure",
    "microsoftazure": "Microsoft Azure",
    "googlecloudvertexai": "Google Cloud",
    "oraclecloudinfrastructure": "Oracle Cloud",
}

# Tokens kept upper/odd-cased when an unknown name is title-cased.
_KEEP_CASE = {"ai": "AI", "aws": "AWS", "gpu": "GPU", "io": "io"}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def known_provider(name: str) -> str | None:
    """The canonical name of a spelling the table knows, else None (an unmapped name)."""
    key = _key((name or "").strip())
    if key in _PROVIDER_ALIASES:
        return _PROVIDER_ALIASES[key]
    if key.startswith("vertexai"):  # vertex_ai-anthropic_models, vertex_ai-language-models ...
        return "Google Vertex AI"
    if key.startswith("fireworksai"):
        return "Fireworks AI"
    return None


def canonical_provider(name: str) -> str:
    """Map any spelling of a provider to its canonical display name.

    >>> canonical_provider("together_ai"), canonical_provider("Together")
    ('Together AI', 'Together AI')
    """
    raw = (name or "").strip()
    if not raw:
        return ""
    known = known_provider(raw)
    if known:
        return known
    if any(ch.isupper() for ch in raw):  # already a display name, e.g. "Io Net"
        return raw
    words = re.split(r"[_\-\s]+", raw)
    return " ".join(_KEEP_CASE.get(w.lower(), w.capitalize()) for w in words if w)


# ---------------------------------------------------------------- GPUs

# (pattern on the normalized name, canonical id). First match wins, so more
# specific patterns come first. Normalized = uppercase, separators removed.
_GPU_PATTERNS: list[tuple[str, str]] = [
    (r"GB300", "GB300"),
    (r"GB200", "GB200"),
    (r"GH200", "GH200"),
    (r"B300", "B300"),
    (r"B200", "B200"),
    (r"B100", "B100"),
    (r"H200NVL", "H200_NVL"),
    (r"H200", "H200"),
    (r"GH100|MAIA", ""),  # a die name / Microsoft Maia: not a rentable GPU id
    (r"H100NVL", "H100_NVL"),
    (r"H100PCIE", "H100_PCIE"),
    (r"H100", "H100_SXM"),  # HGX/SXM5 and unlabelled H100 are the SXM part
    (r"H800", "H800"),
    (r"H20(?!0)", "H20"),
    (r"A100", "A100"),  # form factor and memory resolved in _a100()
    (r"A800", "A800"),
    (r"A10G", "A10G"),
    (r"A10(?!0)", "A10"),
    (r"A40(?!0)", "A40"),
    (r"A6000", "RTX_A6000"),
    (r"A5000", "RTX_A5000"),
    (r"A4000", "RTX_A4000"),
    (r"L40S", "L40S"),
    (r"L40", "L40"),
    (r"L4(?!0)", "L4"),
    (r"RTXPRO6000", "RTX_PRO_6000"),
    (r"4000ADA(?!SFF)", "RTX_4000_ADA"),  # MLPerf: "NVIDIA RTX 4000 Ada-PCIe-20GB"
    (r"6000ADA", "RTX_6000_ADA"),
    (r"5090", "RTX_5090"),
    (r"4090", "RTX_4090"),
    (r"3090", "RTX_3090"),
    (r"(?<!BI)V100", "V100"),
    (r"T4", "T4"),
    (r"MI355", "MI355X"),
    (r"MI325", "MI325X"),
    (r"MI300X", "MI300X"),
    (r"MI300A", "MI300A"),
    (r"MI250", "MI250X"),
    (r"GAUDI3", "Gaudi3"),
    (r"GAUDI2", "Gaudi2"),
]


def canonical_gpu(name: str, memory_gb: float | None = None) -> str:
    """Map a GPU name (``H100_SXM``, ``H100 SXM5 80GB``, ``NVIDIA HGX H100``) to one id.

    ``memory_gb`` disambiguates A100 40 GB vs 80 GB when the name does not say.
    Unknown names are returned normalized (uppercase, underscores).
    """
    norm = re.sub(r"[^A-Z0-9]", "", (name or "").upper()).replace("NVIDIA", "").replace("AMD", "")
    norm = norm.replace("HGX", "").replace("TESLA", "").replace("GEFORCE", "")
    if not norm:
        return ""
    if tpu := _tpu(name):
        return tpu
    for pattern, gpu in _GPU_PATTERNS:
        if re.search(pattern, norm):
            if not gpu:
                break
            return _a100(norm, memory_gb) if gpu == "A100" else gpu
    stripped = re.sub(r"\b(NVIDIA|AMD|GEFORCE|TESLA)\b", " ", name.upper())
    return re.sub(r"[^A-Z0-9]+", "_", stripped).strip("_")


_TPU = re.compile(r"\bTPU[\s_-]*V(\d+)[\s_-]*(LITE|[EPI]\b)?")


def _tpu(name: str) -> str:
    """Google TPU ids: TPU_V<generation><variant>, the variant letter as Google writes it
    ("TPU v5e", gpuhunt's "TPU v4 pod", Epoch's "Google TPU v6e Trillium" -> TPU_V5E,
    TPU_V4, TPU_V6E; "TPU v5 lite" is v5e). "" when the name is not a TPU."""
    match = _TPU.search(name.upper())
    if match is None:
        return ""
    variant = {"LITE": "E"}.get(match.group(2) or "", match.group(2) or "")
    return f"TPU_V{match.group(1)}{variant}"


def _a100(norm: str, memory_gb: float | None) -> str:
    """A100 ids carry form factor and memory: A100_{SXM|PCIE}_{40|80}GB.
    An unlabelled A100 is taken as SXM; memory from the name, else ``memory_gb``,
    else 80 GB when "SXM" is named (rental listings of A100 SXM4 are mostly the 80 GB
    part), else 40 GB (the original A100)."""
    form = "PCIE" if "PCIE" in norm else "SXM"
    rest = norm.split("A100", 1)[1]
    if "80" in rest:
        size = 80
    elif "40" in rest:
        size = 40
    elif memory_gb:
        size = 80 if memory_gb >= 60 else 40
    else:
        size = 80 if "SXM" in norm else 40
    return f"A100_{form}_{size}GB"


# ---------------------------------------------------------------- models

# OpenRouter routing variants (":free", ":nitro"...) and litellm's ":batch" keys.
_MODEL_SUFFIXES = re.compile(r":(free|beta|extended|thinking|nitro|floor|online|batch)$")
# Bedrock cross-region inference profiles: "us.anthropic.claude-...", "global.amazon.nova-...".
_GEO_PREFIX = re.compile(r"^(us|eu|apac|global|jp|au|ca|us-gov)\.(?=[a-z])")
# Bedrock / OCI ids are "<vendor>.<model>[-v<n>:<m>]": "anthropic.claude-3-haiku-20240307-v1:0".
_VENDOR_DOT = re.compile(
    r"^(ai21|amazon|anthropic|cohere|deepseek|google|meta|minimax|mistral|moonshot|moonshotai"
    r"|nvidia|openai|qwen|stability|twelvelabs|writer|xai|zai)\.(?=[a-z])"
)
# Bedrock's names for Claude 1/2: "claude-v2:1" is Claude 2.1, "claude-instant-v1" Instant 1.
_CLAUDE_LEGACY = re.compile(r"^claude-(instant-)?v(\d)(?::(\d))?$")


@lru_cache(maxsize=1 << 16)  # pure, and called for every row of every price source
def canonical_model(name: str) -> str:
    """A provider-independent model id: the last path segment, lowercased, with
    routing suffixes (``:free``), Bedrock geo/vendor prefixes and revisions, Vertex
    ``@default`` pins and the ``-hf`` weights-format suffix removed; version numbers
    spelled one way (see ``_align_versions``). Dates and sizes are kept, so dated
    snapshots of a model stay distinct.

    >>> canonical_model("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo")
    'llama-3.3-70b-instruct-turbo'
    >>> canonical_model("openai/gpt-4o:free")
    'gpt-4o'
    >>> canonical_model("us.anthropic.claude-3-5-sonnet-20240620-v1:0")
    'claude-3.5-sonnet-20240620'
    """
    raw = (name or "").strip()
    if not raw:
        return ""
    last = raw.rsplit("/", 1)[-1].lower()
    last = _MODEL_SUFFIXES.sub("", last)
    last = _vertex_version(last)
    last = _bedrock_id(_GEO_PREFIX.sub("", last))
    last = re.sub(r":(\d+(?:\.\d+)?[bm])$", r"-\1", last)  # Ollama tags: "llama2:13b"
    last = last.replace("_", "-").replace(" ", "-")
    last = re.sub(r"-hf$", "", last)  # Hugging Face weights format, same model
    return _model_alias(_align_versions(last))


# One model, one id: a router's or host's name for a model -> the maker's id (the
# Hugging Face repo name). Each pair was listed twice at one provider, at the same price
# (OpenRouter endpoints vs LiteLLM): SambaNova, Novita, DeepInfra and Crusoe serve
# DeepSeek-V3.1 as OpenRouter's "deepseek-chat-v3.1"; Groq's "llama-3.3-70b-versatile"
# is Llama-3.3-70B-Instruct. "-latest", "-turbo", "-preview" and "-chat" (OpenAI)
# names stay apart: they are moving aliases or distinct products.
_MODEL_ALIASES: dict[str, str] = {
    "qwen3-235b-a22b-2507": "qwen3-235b-a22b-instruct-2507",
    "qwen3-coder-30b-a3b": "qwen3-coder-30b-a3b-instruct",
    "qwen3-coder-480b-a35b": "qwen3-coder-480b-a35b-instruct",
    "kimi-k2-instruct": "kimi-k2",  # Moonshot's API and OpenRouter name it without "instruct"
    "kimi-k2-instruct-0905": "kimi-k2-0905",
    "llama-3.3-70b-versatile": "llama-3.3-70b-instruct",
    "llama-3.1-8b-instant": "llama-3.1-8b-instruct",
}


def _model_alias(model: str) -> str:
    model = re.sub(r"^deepseek-chat-v(?=\d)", "deepseek-v", model)  # OpenRouter's DeepSeek-V3.x
    return _MODEL_ALIASES.get(model, model)


def _vertex_version(model: str) -> str:
    """Vertex AI pins versions with ``@``: ``@default``/``@latest`` are dropped; other
    tags become a ``-`` suffix as the vendor spells them (``chat-bison@001`` ->
    ``chat-bison-001``, ``claude-3-5-sonnet@20240620`` -> ``claude-3-5-sonnet-20240620``).
    A date already identifies the model, so Vertex's ``-v2`` before it is dropped
    (``claude-3-5-sonnet-v2@20241022`` is Anthropic's ``claude-3-5-sonnet-20241022``)."""
    base, _, tag = model.partition("@")
    if tag in ("", "default", "latest"):
        return base
    if re.fullmatch(r"20\d{6}", tag):
        base = re.sub(r"-v\d+$", "", base)
    return f"{base}-{tag}"


def _bedrock_id(model: str) -> str:
    """Drop a Bedrock/OCI ``vendor.`` prefix and Bedrock's revision suffix (``-v1:0``,
    ``-1:0``; ``-v1`` on Meta ids). Kept: Mistral's ``v0:2`` (the model's v0.2), the
    vendor of bare versions (``deepseek.r1`` -> ``deepseek-r1``), Claude 1/2 numbers."""
    match = _VENDOR_DOT.match(model)
    vendor = match.group(1) if match else ""
    rest = model[match.end() :] if match else model
    legacy = _CLAUDE_LEGACY.match(rest)
    if legacy:
        instant, major, minor = legacy.groups()
        return f"claude-{instant or ''}{major}" + (f".{minor}" if minor else "")
    rest = re.sub(r"-v0:(\d+)$", r"-v0.\1", rest)
    rest = re.sub(r"-v\d+:\d+$", "", rest)
    if not vendor:
        return rest
    rest = re.sub(r"(?<!v\d)-\d+:\d+$", "", rest)  # "gpt-oss-120b-1:0"
    rest = re.sub(r":\d+$", "", rest)  # "rerank-v3-5:0"
    if vendor == "meta":
        rest = re.sub(r"-v\d+$", "", rest)  # "llama2-70b-chat-v1"
    if re.match(r"[vr]\d", rest):
        rest = f"{vendor}-{rest}"  # "deepseek.v3.2" -> "deepseek-v3.2"
    return rest


# Known vendor/channel words that some providers prefix to a model family name
# ("databricks-meta-llama-3-1-70b-instruct", "amazon-nova-lite").
_FAMILY_PREFIX = re.compile(
    r"^(?:(?:anthropic|databricks|meta|google|openai|mistralai|amazon)-)+"
    r"(?=(claude|llama|gpt|gemini|gemma|mistral|mixtral|codestral|o\d|nova|titan))"
)


def _align_versions(model: str) -> str:
    """Spell version numbers one way across providers: ``claude-sonnet-4-5`` and
    ``claude-sonnet-4.5`` -> ``claude-sonnet-4.5``; ``deepseek-v3p1`` / ``glm-4p5``
    (Fireworks) -> ``deepseek-v3.1`` / ``glm-4.5``; ``llama3.2``, ``llama-v3p2`` ->
    ``llama-3.2``; ``meta-llama-3.1`` -> ``llama-3.1``; ``qwen-2.5-72b`` ->
    ``qwen2.5-72b`` (Qwen's own spelling); Azure's ``gpt-35-turbo`` -> ``gpt-3.5-turbo``;
    ``code-llama`` -> ``codellama``; OpenRouter's ``nova-lite-v1`` -> ``nova-lite``.
    Multi-digit runs (dates like ``2024-08-06``, ``gpt-4-0613``) and sizes
    (``gemma-2-9b``) are left alone."""
    model = _FAMILY_PREFIX.sub("", model)
    model = re.sub(r"^(llama|qwen)-v(?=\d)", r"\1-", model)
    model = re.sub(r"(?<=\d)p(?=\d)", ".", model)
    model = re.sub(r"(?<![\d.])(\d)-(\d)(?![\d.bkmtx])", r"\1.\2", model)
    model = re.sub(r"^llama(?=\d)", "llama-", model)
    model = re.sub(r"^qwen-(?=\d+(?:\.\d+)?(?:-|$))", "qwen", model)
    model = re.sub(r"^gpt-35(?=-|$)", "gpt-3.5", model)
    model = re.sub(r"(?<![a-z])code-llama", "codellama", model)
    return re.sub(r"^(nova-[a-z0-9.-]+?)-v1$", r"\1", model)
