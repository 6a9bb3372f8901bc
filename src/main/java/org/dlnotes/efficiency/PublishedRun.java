package org.dlnotes.efficiency;

import java.util.List;
import java.util.Objects;

import org.dlnotes.economics.Accelerator;
import org.dlnotes.economics.Compute;
import org.dlnotes.economics.PublishedModel;

/**
 * A published pre-training run: parameters {@code N} and training tokens {@code D} as its paper states them, and the
 * accelerator-hours it reports where it does, to set against the {@code 6·N·D} estimate
 * ({@link Compute#trainingFlops}).
 *
 * @param model the model's name
 * @param parameters N as published
 * @param tokens D, training tokens as published
 * @param acceleratorHours reported accelerator-hours, {@code NaN} where the source reports none
 * @param accelerator the hardware the hours refer to ({@code null} where no hours are reported)
 * @param source where N, D and the hours are published
 */
public record PublishedRun(String model, double parameters, double tokens, double acceleratorHours,
        Accelerator accelerator, String source) {

    /** Checks the fields: hours and accelerator come together. */
    public PublishedRun {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(source, "source");
        if (!(parameters > 0) || !(tokens > 0)) {
            throw new IllegalArgumentException("parameters and tokens must be > 0, but are " + parameters + " and "
                    + tokens);
        }
        if (Double.isNaN(acceleratorHours) != (accelerator == null)) {
            throw new IllegalArgumentException("acceleratorHours and accelerator must be given together (or NaN and "
                    + "null), but are " + acceleratorHours + " and " + accelerator);
        }
        if (!Double.isNaN(acceleratorHours) && !(acceleratorHours > 0)) {
            throw new IllegalArgumentException("acceleratorHours must be > 0 or NaN, but is " + acceleratorHours);
        }
    }

    /** Training compute {@code 6·N·D}. */
    public double trainingFlops() {
        return Compute.trainingFlops(parameters, tokens);
    }

    /** Whether the source reports accelerator-hours. */
    public boolean hasReportedHours() {
        return !Double.isNaN(acceleratorHours);
    }

    /**
     * The utilisation the reported hours imply: {@code 6ND / (hours · 3600 · peak)}.
     *
     * @throws IllegalStateException if no hours are reported
     */
    public double impliedUtilisation() {
        if (!hasReportedHours()) {
            throw new IllegalStateException(model + " has no reported accelerator-hours");
        }
        return Compute.impliedUtilisation(trainingFlops(), acceleratorHours, accelerator.peakFlopsPerSecond());
    }

    /** Seconds to do {@code 6·N·D} FLOPs at a sustained {@code flopsPerSecond}. */
    public double seconds(double flopsPerSecond) {
        if (!(flopsPerSecond > 0) || Double.isInfinite(flopsPerSecond)) {
            throw new IllegalArgumentException("flopsPerSecond must be positive and finite, but is " + flopsPerSecond);
        }
        return trainingFlops() / flopsPerSecond;
    }

    /** NVIDIA V100 SXM2 32 GB: 125 TFLOP/s fp16 tensor peak, 900 GB/s, 32 GB (the "32GB GPU" of article 001). */
    public static Accelerator v100Sxm2() {
        return new Accelerator("V100 SXM2 32GB", 125e12, 900e9, 32e9,
                "NVIDIA Tesla V100 datasheet (SXM2: 125 TFLOPS tensor performance, 900 GB/s, 32 GB HBM2)");
    }

    /** GPT-3 175B: 300 billion tokens; the paper reports compute (3.14e23 FLOPs), not GPU-hours. */
    public static PublishedRun gpt3() {
        return new PublishedRun("GPT-3 175B", PublishedModel.gpt3().publishedParameters(), 300e9, Double.NaN, null,
                "Brown et al. 2020, Language Models are Few-Shot Learners (https://arxiv.org/abs/2005.14165), "
                        + "Table 2.1 (175.0B parameters), section 2.2 (300 billion tokens), Table D.1 (3.14E+23 flops)");
    }

    /** LLaMA 7B: 1.0 trillion tokens, 82,432 A100-80GB GPU-hours. */
    public static PublishedRun llama7b() {
        return new PublishedRun("LLaMA 7B", 6.7e9, 1.0e12, 82_432, Accelerator.a100Sxm80(),
                "Touvron et al. 2023, LLaMA (https://arxiv.org/abs/2302.13971), Table 2 (6.7B, 1.0T tokens) and "
                        + "Table 15 (82,432 GPU-hours on A100-80GB)");
    }

    /** LLaMA 65B: 1.4 trillion tokens, 1,022,362 A100-80GB GPU-hours. */
    public static PublishedRun llama65b() {
        return new PublishedRun("LLaMA 65B", PublishedModel.llama65b().publishedParameters(), 1.4e12, 1_022_362,
                Accelerator.a100Sxm80(), "Touvron et al. 2023, LLaMA (https://arxiv.org/abs/2302.13971), Table 2 "
                        + "(65.2B, 1.4T tokens) and Table 15 (1,022,362 GPU-hours on A100-80GB)");
    }

    /** Llama 2 7B: 2.0 trillion tokens, 184,320 A100-80GB GPU-hours. */
    public static PublishedRun llama2_7b() {
        return new PublishedRun("Llama 2 7B", PublishedModel.llama2_7b().publishedParameters(), 2.0e12, 184_320,
                Accelerator.a100Sxm80(), "Touvron et al. 2023, Llama 2 (https://arxiv.org/abs/2307.09288), Table 1 "
                        + "(2.0T tokens) and Table 2 (184,320 GPU-hours on A100-80GB)");
    }

    /** Llama 2 13B: 2.0 trillion tokens, 368,640 A100-80GB GPU-hours. */
    public static PublishedRun llama2_13b() {
        return new PublishedRun("Llama 2 13B", 13e9, 2.0e12, 368_640, Accelerator.a100Sxm80(),
                "Touvron et al. 2023, Llama 2 (https://arxiv.org/abs/2307.09288), Tables 1 and 2 (368,640 GPU-hours)");
    }

    /** Llama 2 70B: 2.0 trillion tokens, 1,720,320 A100-80GB GPU-hours. */
    public static PublishedRun llama2_70b() {
        return new PublishedRun("Llama 2 70B", PublishedModel.llama2_70b().publishedParameters(), 2.0e12, 1_720_320,
                Accelerator.a100Sxm80(), "Touvron et al. 2023, Llama 2 (https://arxiv.org/abs/2307.09288), Tables 1 "
                        + "and 2 (1,720,320 GPU-hours)");
    }

    /** BLOOM 176B: 366 billion tokens, 1,082,990 A100-80GB GPU-hours. */
    public static PublishedRun bloom() {
        return new PublishedRun("BLOOM 176B", 176e9, 366e9, 1_082_990, Accelerator.a100Sxm80(),
                "BigScience 2022, BLOOM (https://arxiv.org/abs/2211.05100) and model card (366B tokens); Luccioni et "
                        + "al. 2023, Estimating the Carbon Footprint of BLOOM (JMLR 24:253), Table 1 (1,082,990 GPU-hours"
                        + " on A100-80GB)");
    }

    /**
     * Article 001's example, "a model with 1 billion parameters trained on a 32GB GPU", with the compute-optimal 20
     * tokens per parameter of Hoffmann et al. 2022 (Chinchilla, https://arxiv.org/abs/2203.15556); no hours.
     */
    public static PublishedRun article001() {
        return new PublishedRun("article 001: 1B params, 20 tokens/param", 1e9, 20e9, Double.NaN, null,
                "article 001, section 9.3.2 (1B parameters, 32GB GPU, 'days to weeks'); D = 20·N after Hoffmann et al."
                        + " 2022, Training Compute-Optimal Large Language Models (https://arxiv.org/abs/2203.15556)");
    }

    /** All runs above, smallest compute first. */
    public static List<PublishedRun> all() {
        return List.of(article001(), llama7b(), llama2_7b(), llama2_13b(), gpt3(), bloom(), llama65b(), llama2_70b())
                .stream().sorted(java.util.Comparator.comparingDouble(PublishedRun::trainingFlops)).toList();
    }
}
