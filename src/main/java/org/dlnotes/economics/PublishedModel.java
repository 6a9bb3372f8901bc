package org.dlnotes.economics;

import java.util.List;
import java.util.Objects;

/**
 * A model whose shape and parameter count were published, to check {@link TransformerShape#parameters()} against.
 *
 * @param shape the published shape
 * @param publishedParameters the parameter count as published (e.g. 175.0e9 for "175.0B")
 * @param publishedAs the count as written in the source, e.g. "175.0B"
 * @param source where shape and count are published
 */
public record PublishedModel(TransformerShape shape, double publishedParameters, String publishedAs, String source) {

    /** Checks the fields. */
    public PublishedModel {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(publishedAs, "publishedAs");
        Objects.requireNonNull(source, "source");
        if (!(publishedParameters > 0)) {
            throw new IllegalArgumentException("publishedParameters must be > 0, but is " + publishedParameters);
        }
    }

    /** Relative difference of the count computed from the shape to the published count. */
    public double relativeDifference() {
        return shape.parameters().total() / publishedParameters - 1;
    }

    /** GPT-2 small: 12 layers, d 768, 12 heads, vocabulary 50,257, 1,024 positions; published as 117M. */
    public static PublishedModel gpt2Small() {
        return new PublishedModel(TransformerShape.builder("GPT-2 small").layers(12).dModel(768).heads(12).vocab(50257)
                .ffHidden(4 * 768).learnedPositions(1024).build(), 117e6, "117M",
                "Radford et al. 2019, Language Models are Unsupervised Multitask Learners, Table 2 "
                        + "(https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf)");
    }

    /** GPT-2 XL: 48 layers, d 1600, 25 heads; published as 1542M. */
    public static PublishedModel gpt2Xl() {
        return new PublishedModel(TransformerShape.builder("GPT-2 XL").layers(48).dModel(1600).heads(25).vocab(50257)
                .ffHidden(4 * 1600).learnedPositions(1024).build(), 1542e6, "1542M",
                "Radford et al. 2019, Table 2 (same paper as GPT-2 small)");
    }

    /** GPT-3 175B: 96 layers, d 12,288, 96 heads, context 2,048; published as 175.0B. */
    public static PublishedModel gpt3() {
        return new PublishedModel(TransformerShape.builder("GPT-3 175B").layers(96).dModel(12288).heads(96).vocab(50257)
                .ffHidden(4 * 12288).learnedPositions(2048).build(), 175.0e9, "175.0B",
                "Brown et al. 2020, Language Models are Few-Shot Learners, Table 2.1 (https://arxiv.org/abs/2005.14165)");
    }

    /** BERT-base: 12 layers, d 768, 12 heads, vocabulary 30,522, 512 positions, 2 segments; published as 110M. */
    public static PublishedModel bertBase() {
        return new PublishedModel(TransformerShape.builder("BERT-base").layers(12).dModel(768).heads(12).vocab(30522)
                .ffHidden(3072).learnedPositions(512).tokenTypes(2).bertStyle().build(), 110e6, "110M",
                "Devlin et al. 2018, BERT (https://arxiv.org/abs/1810.04805), section 3; vocabulary from the released "
                        + "uncased checkpoint's config");
    }

    /** LLaMA 65B: 80 layers, d 8,192, 64 heads, FF 22,016, vocabulary 32,000; published as 65.2B. */
    public static PublishedModel llama65b() {
        return new PublishedModel(TransformerShape.builder("LLaMA 65B").layers(80).dModel(8192).heads(64).vocab(32000)
                .ffHidden(22016).llamaStyle().build(), 65.2e9, "65.2B",
                "Touvron et al. 2023, LLaMA (https://arxiv.org/abs/2302.13971), Table 2; FF width from the released config");
    }

    /** Llama 2 7B: 32 layers, d 4,096, 32 heads, FF 11,008, vocabulary 32,000; published as 7B. */
    public static PublishedModel llama2_7b() {
        return new PublishedModel(TransformerShape.builder("Llama 2 7B").layers(32).dModel(4096).heads(32).vocab(32000)
                .ffHidden(11008).llamaStyle().build(), 7e9, "7B",
                "Touvron et al. 2023, Llama 2 (https://arxiv.org/abs/2307.09288), Table 1; shape from the released "
                        + "config (hidden 4096, intermediate 11008, 32 layers, 32 heads)");
    }

    /** Llama 2 70B: 80 layers, d 8,192, 64 heads with 8 key/value heads, FF 28,672; published as 70B. */
    public static PublishedModel llama2_70b() {
        return new PublishedModel(TransformerShape.builder("Llama 2 70B").layers(80).dModel(8192).heads(64).kvHeads(8)
                .vocab(32000).ffHidden(28672).llamaStyle().build(), 70e9, "70B",
                "Touvron et al. 2023, Llama 2, Table 1 (GQA for 70B); shape from the released config (hidden 8192, "
                        + "intermediate 28672, 80 layers, 64 heads, 8 key/value heads)");
    }

    /** All of the above, smallest first. */
    public static List<PublishedModel> all() {
        return List.of(bertBase(), gpt2Small(), gpt2Xl(), llama2_7b(), llama65b(), llama2_70b(), gpt3());
    }
}
