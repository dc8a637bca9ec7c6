"""Demo education library for the care transitions portal: content only, as Python data.

Plain-language pages for patients and families moving from the hospital to their next place of
care, in English and Spanish. Every English page reads at grade 8 or below as measured by
content.readability; Spanish versions are written for U.S. Spanish speakers (usted), not
translated word for word. This is sample content: an organization's clinicians review it before
real use, and the page templates say so.

Shapes (read by the demo seeding code):

GLOSSARY            [{"term", "definition", "term_es", "definition_es"}]
CONDITIONS          [{"slug", "name", "name_es", "icd10": [ICD-10-CM], "snomed": [SNOMED CT id]}]
CONDITION_PAGES     [{"condition", "slug", "title", "az_name", "summary", "audience", "body", "es"}]
CARE_SETTING_PAGES  [{"kind", "slug", "title", "az_name", "summary", "audience", "body", "es"}]
GLOSSARY_ON_PAGE    {English page slug: [glossary term, ...]}

"es" is None or {"slug", "title", "az_name", "summary", "body"}. "az_name" is the name people
look for, which the A to Z lists go by ("Heart failure", not "Living with heart failure").
A body is a list of (block_type, value) tuples in reading order; block types and value shapes
follow content.blocks: in_short, text (rich text: p, h2, h3, ul, ol, li, strong, em),
care_card, warning, do_dont, steps, checklist, questions and faq. Care cards: "emergency"
means call 911 now, "urgent" call the care team today, "routine" mention it at the next visit.
"""

from __future__ import annotations

from typing import Any

Block = tuple[str, Any]


# Builders for body blocks: each returns the (block_type, value) tuple the seeding code reads.
def _in_short(*items: str) -> Block:
    return ("in_short", {"items": list(items)})


def _text(html: str) -> Block:
    return ("text", html)


def _care_card(urgency: str, *symptoms: str) -> Block:
    return ("care_card", {"urgency": urgency, "symptoms": list(symptoms)})


def _warning(heading: str, text: str) -> Block:
    return ("warning", {"heading": heading, "text": text})


def _do_dont(dos: list[str], donts: list[str]) -> Block:
    return ("do_dont", {"dos": dos, "donts": donts})


def _steps(heading: str, *steps: str) -> Block:
    return ("steps", {"heading": heading, "steps": list(steps)})


def _checklist(heading: str, *items: str) -> Block:
    return ("checklist", {"heading": heading, "items": list(items)})


def _questions(heading: str, *questions: str) -> Block:
    return ("questions", {"heading": heading, "questions": list(questions)})


def _faq(*items: tuple[str, str]) -> Block:
    return ("faq", {"items": [{"question": question, "answer": answer} for question, answer in items]})


def _term(term: str, definition: str, term_es: str, definition_es: str) -> dict[str, str]:
    return {"term": term, "definition": definition, "term_es": term_es, "definition_es": definition_es}


# Words people meet on the pages, with plain definitions (grade 6 or below).
GLOSSARY: list[dict[str, str]] = [
    _term(
        "Diuretic",
        "A medicine that helps your body get rid of extra water. Some people call it a water pill.",
        "Diurético",
        (
            "Medicina que ayuda al cuerpo a eliminar el agua de más. Algunas personas le dicen pastilla "
            "para el agua."
        ),
    ),
    _term(
        "Sodium",
        "A part of salt. Too much sodium makes your body hold on to water.",
        "Sodio",
        "Una parte de la sal. El exceso de sodio hace que el cuerpo retenga agua.",
    ),
    _term(
        "Edema",
        "Swelling from extra fluid in the body. It is often in the feet, ankles or legs.",
        "Edema",
        "Hinchazón por líquido de más en el cuerpo. Suele aparecer en los pies, los tobillos o las piernas.",
    ),
    _term(
        "Fluid limit",
        "The most liquid your care team wants you to drink in a day. Soup, ice and gelatin count too.",
        "Límite de líquidos",
        (
            "La cantidad máxima de líquido que su equipo de salud quiere que tome en un día. La sopa, "
            "el hielo y la gelatina también cuentan."
        ),
    ),
    _term(
        "Cardiac rehab",
        (
            "A program to help your heart get stronger. You do safe exercise and learn how to care for "
            "your heart."
        ),
        "Rehabilitación cardíaca",
        (
            "Programa para ayudar a fortalecer el corazón. Usted hace ejercicio seguro y aprende a "
            "cuidar su corazón."
        ),
    ),
    _term(
        "Action plan",
        "A written plan from your care team. It tells you what to do when your symptoms change.",
        "Plan de acción",
        "Plan por escrito de su equipo de salud. Le dice qué hacer cuando cambian sus síntomas.",
    ),
    _term(
        "Flare-up",
        "A time when your symptoms get worse for a few days or more.",
        "Crisis",
        "Un tiempo en que los síntomas empeoran por unos días o más.",
    ),
    _term(
        "Inhaler",
        "A small device that sends medicine right into your lungs when you breathe in.",
        "Inhalador",
        "Aparato pequeño que lleva la medicina directo a los pulmones cuando usted toma aire.",
    ),
    _term(
        "Spacer",
        "A tube that fits on a spray inhaler. It helps more of the medicine reach your lungs.",
        "Espaciador",
        "Tubo que se conecta a un inhalador en aerosol. Ayuda a que llegue más medicina a los pulmones.",
    ),
    _term(
        "Pursed-lip breathing",
        "A way to breathe out slowly through puckered lips. It can ease shortness of breath.",
        "Respiración con labios fruncidos",
        (
            "Forma de sacar el aire despacio con los labios juntos, como para soplar. Puede aliviar la "
            "falta de aire."
        ),
    ),
    _term(
        "Pulmonary rehab",
        "A program to help you breathe better. You do exercise and learn how to care for your lungs.",
        "Rehabilitación pulmonar",
        "Programa para ayudarle a respirar mejor. Usted hace ejercicio y aprende a cuidar sus pulmones.",
    ),
    _term(
        "Aphasia",
        "Trouble with speaking, reading or finding words. It can happen after a stroke.",
        "Afasia",
        "Dificultad para hablar, leer o encontrar las palabras. Puede pasar después de un derrame cerebral.",
    ),
    _term(
        "Blood thinner",
        "A medicine that helps keep blood clots from forming. It can make you bleed more easily.",
        "Anticoagulante",
        "Medicina que ayuda a evitar que se formen coágulos. Puede hacer que sangre con más facilidad.",
    ),
    _term(
        "Blood pressure",
        (
            "The force of blood pushing on the walls of your blood vessels. High blood pressure raises "
            "the risk of stroke."
        ),
        "Presión arterial",
        (
            "La fuerza de la sangre contra las paredes de los vasos sanguíneos. La presión alta aumenta "
            "el riesgo de derrame cerebral."
        ),
    ),
    _term(
        "Physical therapy",
        "Exercise and training to help you move, walk and get stronger.",
        "Fisioterapia",
        "Ejercicios y entrenamiento para ayudarle a moverse, caminar y tener más fuerza.",
    ),
    _term(
        "Occupational therapy",
        "Training to help you do daily tasks, like dressing, bathing and cooking.",
        "Terapia ocupacional",
        "Entrenamiento para ayudarle con las tareas diarias, como vestirse, bañarse y cocinar.",
    ),
    _term(
        "Speech therapy",
        "Help to talk, think and swallow better.",
        "Terapia del habla",
        "Ayuda para hablar, pensar y tragar mejor.",
    ),
    _term(
        "Blood sugar",
        "The amount of sugar, or glucose, in your blood. Your body uses it for energy.",
        "Azúcar en la sangre",
        "La cantidad de azúcar, o glucosa, en la sangre. El cuerpo la usa como energía.",
    ),
    _term(
        "Insulin",
        "A hormone that moves sugar from your blood into your cells. Some people take it as a shot.",
        "Insulina",
        "Hormona que pasa el azúcar de la sangre a las células. Algunas personas se la inyectan.",
    ),
    _term(
        "A1C",
        "A blood test that shows your average blood sugar over the past 2 to 3 months.",
        "A1C",
        "Análisis de sangre que muestra su nivel promedio de azúcar en los últimos 2 a 3 meses.",
    ),
    _term(
        "Carbohydrates",
        (
            "The parts of food that your body turns into sugar. Bread, rice, fruit, milk and sweets "
            "have a lot of carbs."
        ),
        "Carbohidratos",
        (
            "La parte de los alimentos que el cuerpo convierte en azúcar. El pan, el arroz, la "
            "tortilla, la fruta, la leche y los dulces tienen muchos carbohidratos."
        ),
    ),
    _term(
        "Glucagon",
        (
            "A shot or nose spray that raises very low blood sugar fast. Someone else gives it if you "
            "cannot eat or drink."
        ),
        "Glucagón",
        (
            "Inyección o aerosol nasal que sube rápido el azúcar cuando está muy bajo. Otra persona se "
            "lo da si usted no puede comer ni beber."
        ),
    ),
    _term(
        "Blood clot",
        "A clump of blood that forms in a blood vessel. A clot in the leg can travel to the lungs.",
        "Coágulo de sangre",
        (
            "Bolita de sangre espesa que se forma en un vaso sanguíneo. Un coágulo en la pierna puede "
            "viajar a los pulmones."
        ),
    ),
    _term(
        "Incision",
        "The cut the surgeon made in your skin.",
        "Incisión",
        "El corte que hizo el cirujano en la piel.",
    ),
    _term(
        "Antibiotic",
        "A medicine that kills bacteria or stops them from growing. It does not work on viruses.",
        "Antibiótico",
        "Medicina que mata las bacterias o impide que crezcan. No sirve contra los virus.",
    ),
    _term(
        "Incentive spirometer",
        "A plastic device that helps you take slow, deep breaths. It helps keep your lungs open.",
        "Espirómetro de incentivo",
        (
            "Aparato de plástico que le ayuda a respirar lento y profundo. Ayuda a mantener abiertos "
            "los pulmones."
        ),
    ),
    _term(
        "Vaccine",
        "A shot that helps your body fight off a germ. It lowers your chance of getting very sick.",
        "Vacuna",
        "Inyección que ayuda al cuerpo a defenderse de un germen. Baja el riesgo de enfermarse de gravedad.",
    ),
    _term(
        "Skilled care",
        "Care that only trained staff, like nurses and therapists, can safely give.",
        "Cuidado especializado",
        "Atención que solo puede dar con seguridad el personal capacitado, como enfermeras y terapeutas.",
    ),
    _term(
        "Benefit period",
        (
            "The way Original Medicare counts hospital and SNF care. It ends after 60 days in a row "
            "with no inpatient or SNF care."
        ),
        "Período de beneficios",
        (
            "La forma en que Medicare Original cuenta la atención en el hospital o en un SNF. Termina "
            "después de 60 días seguidos sin esa atención."
        ),
    ),
    _term(
        "Coinsurance",
        "Your share of the cost of a covered service. It may be a percent or a set amount per day.",
        "Coseguro",
        (
            "La parte del costo que usted paga por un servicio cubierto. Puede ser un porcentaje o una "
            "cantidad fija por día."
        ),
    ),
    _term(
        "Observation stay",
        (
            "Time in the hospital as an outpatient while doctors decide if you need to be admitted. It "
            "does not count toward the 3 days needed for SNF care."
        ),
        "Estadía en observación",
        (
            "Tiempo en el hospital como paciente ambulatorio mientras los médicos deciden si debe "
            "quedarse internado. No cuenta para los 3 días que se piden para cubrir un SNF."
        ),
    ),
    _term(
        "Care plan",
        "A written plan your care team makes with you. It lists your goals and the care you will get.",
        "Plan de cuidado",
        (
            "Plan por escrito que su equipo de salud hace con usted. Incluye sus metas y la atención "
            "que va a recibir."
        ),
    ),
    _term(
        "Deductible",
        "The amount you pay before your insurance starts to pay.",
        "Deducible",
        "La cantidad que usted paga antes de que su seguro empiece a pagar.",
    ),
    _term(
        "Case manager",
        "A nurse or social worker who helps plan your care and your next step.",
        "Coordinador de casos",
        "Enfermera o trabajador social que ayuda a planear su atención y su siguiente paso.",
    ),
    _term(
        "Homebound",
        "When it is very hard for you to leave home because you are sick or hurt.",
        "Confinado en el hogar",
        "Cuando le cuesta mucho salir de casa por una enfermedad o una lesión.",
    ),
    _term(
        "Durable medical equipment",
        (
            "Medical items for use at home that last a long time. A walker, a wheelchair and a hospital "
            "bed are examples."
        ),
        "Equipo médico duradero",
        (
            "Artículos médicos para usar en casa que duran mucho tiempo. Por ejemplo, un andador, una "
            "silla de ruedas o una cama de hospital."
        ),
    ),
    _term(
        "Home health aide",
        "A trained helper who comes to your home. They help you bathe, dress and care for yourself.",
        "Asistente de salud en el hogar",
        "Ayudante capacitado que va a su casa. Le ayuda a bañarse, vestirse y cuidarse.",
    ),
    _term(
        "Discharge papers",
        "The papers you get when you leave the hospital. They explain your medicines and next steps.",
        "Instrucciones de alta",
        "Los papeles que recibe al salir del hospital. Explican sus medicinas y sus próximos pasos.",
    ),
    _term(
        "Hospice",
        (
            "Care that focuses on comfort for a person with an illness that cannot be cured. It also "
            "supports the family."
        ),
        "Hospicio",
        (
            "Cuidados que buscan la comodidad de una persona con una enfermedad que no tiene cura. "
            "También apoyan a la familia."
        ),
    ),
    _term(
        "Comfort care",
        "Care that eases pain and other symptoms. It does not try to cure the illness.",
        "Cuidados de confort",
        "Atención que alivia el dolor y otros síntomas. No busca curar la enfermedad.",
    ),
    _term(
        "Respite care",
        (
            "Short-term care that gives a family caregiver a break. In hospice, it can last up to 5 "
            "days at a time."
        ),
        "Cuidado de relevo",
        (
            "Cuidado por poco tiempo que le da un descanso a la familia que cuida a un ser querido. En "
            "el hospicio puede durar hasta 5 días seguidos."
        ),
    ),
    _term(
        "Advance directive",
        "A legal paper that says what care you want if you cannot speak for yourself.",
        "Directiva anticipada",
        "Documento legal que dice qué atención desea si un día no puede decidir por sí mismo.",
    ),
    _term(
        "Terminal illness",
        (
            "An illness that cannot be cured and is expected to lead to death. For Medicare hospice, it "
            "means a life expectancy of 6 months or less."
        ),
        "Enfermedad terminal",
        (
            "Enfermedad que no tiene cura y que se espera que lleve a la muerte. Para el hospicio de "
            "Medicare, quiere decir una expectativa de vida de 6 meses o menos."
        ),
    ),
    _term(
        "Ventilator",
        "A machine that helps a person breathe through a tube in the mouth or neck.",
        "Respirador",
        (
            "Máquina que ayuda a respirar a una persona por medio de un tubo en la boca o en el cuello. "
            "También se le dice ventilador."
        ),
    ),
    _term(
        "Respiratory therapist",
        "A health worker who treats breathing problems and runs breathing machines.",
        "Terapeuta respiratorio",
        "Profesional de la salud que trata los problemas para respirar y maneja las máquinas para respirar.",
    ),
    _term(
        "IV",
        "A thin tube put into a vein to give fluids or medicine.",
        "Vía intravenosa",
        "Tubo delgado que se pone en una vena para dar líquidos o medicinas.",
    ),
    _term(
        "Intensive care unit",
        (
            "The part of a hospital for very sick people who need close care day and night. It is also "
            "called the ICU."
        ),
        "Unidad de cuidados intensivos",
        (
            "La parte del hospital para personas muy enfermas que necesitan atención cercana de día y "
            "de noche. También se llama UCI."
        ),
    ),
    _term(
        "Follow-up visit",
        "A visit with your doctor after you leave the hospital. It checks how you are doing.",
        "Cita de seguimiento",
        "Cita con su médico después de salir del hospital. Sirve para ver cómo sigue.",
    ),
    _term(
        "Teach-back",
        "A way to check that the plan is clear. You tell your care team in your own words what you will do.",
        "Repetir lo aprendido",
        (
            "Una forma de confirmar que el plan está claro. Usted le dice a su equipo de salud, con sus "
            "propias palabras, lo que va a hacer."
        ),
    ),
    _term(
        "Caregiver",
        "A person who helps someone who is sick. It is often a family member or friend.",
        "Cuidador",
        "Persona que ayuda a alguien que está enfermo. A menudo es un familiar o un amigo.",
    ),
    _term(
        "Pharmacist",
        "A person trained in medicines. They fill your prescriptions and answer your questions.",
        "Farmacéutico",
        "Persona capacitada en medicinas. Surte sus recetas y responde sus preguntas.",
    ),
    _term(
        "Prescription",
        (
            "An order from your doctor for a medicine or equipment. Your doctor may send it to the "
            "drugstore for you."
        ),
        "Receta",
        "Orden de su médico para una medicina o un equipo. Su médico puede enviarla a la farmacia por usted.",
    ),
]

# Conditions with their most common ICD-10-CM codes and SNOMED CT concept ids.
CONDITIONS: list[dict[str, Any]] = [
    {
        "slug": "heart-failure",
        "name": "Heart failure",
        "name_es": "Insuficiencia cardíaca",
        "icd10": ["I50.9", "I50.22", "I50.23", "I50.32", "I50.33"],
        "snomed": ["84114007", "42343007"],
    },
    {
        "slug": "copd",
        "name": "COPD (chronic obstructive pulmonary disease)",
        "name_es": "EPOC (enfermedad pulmonar obstructiva crónica)",
        "icd10": ["J44.9", "J44.1", "J44.0", "J43.9"],
        "snomed": ["13645005"],
    },
    {
        "slug": "stroke-recovery",
        "name": "Stroke recovery",
        "name_es": "Recuperación de un derrame cerebral (accidente cerebrovascular)",
        "icd10": ["I63.9", "I69.30", "I69.351", "I69.354"],
        "snomed": ["230690007"],
    },
    {
        "slug": "type-2-diabetes",
        "name": "Type 2 diabetes",
        "name_es": "Diabetes tipo 2",
        "icd10": ["E11.9", "E11.65", "E11.649", "E11.22", "E11.40"],
        "snomed": ["44054006"],
    },
    {
        "slug": "hip-or-knee-replacement",
        "name": "Hip or knee replacement",
        "name_es": "Reemplazo de cadera o de rodilla",
        "icd10": ["Z47.1", "Z96.641", "Z96.642", "Z96.651", "Z96.652"],
        "snomed": ["52734007", "609588000"],
    },
    {
        "slug": "pneumonia",
        "name": "Pneumonia",
        "name_es": "Neumonía",
        "icd10": ["J18.9", "J18.1", "J15.9", "J12.9", "J69.0"],
        "snomed": ["233604007"],
    },
]


# ------------------------------------------------------------------------------------------------
# Condition pages
# ------------------------------------------------------------------------------------------------

# heart-failure
_HEART_FAILURE: list[Block] = [
    _in_short(
        "Weigh yourself every morning and write it down.",
        "Call your care team if you gain 2 to 3 pounds in a day or 5 pounds in a week.",
        "Take your medicines every day, even when you feel well.",
        "Eat less salt. Follow any fluid limit your team gives you.",
    ),
    _text(
        (
            "<h2>What is heart failure?</h2>"
            "<p>Heart failure means your heart does not pump as well as it should. It does not mean "
            "your heart has stopped. When the heart is weak or stiff, fluid can build up in your body. "
            "You may get swelling, called edema, in your feet, legs or belly. You may also feel short "
            "of breath or very tired.</p>"
            "<p>Heart failure does not go away. But you can do a lot to feel better. Small daily habits "
            "make a big difference.</p>"
        ),
    ),
    _steps(
        "Your daily weight check",
        "Weigh yourself each morning, after you use the toilet and before you eat.",
        "Use the same scale every day, on a hard, flat floor.",
        "Wear the same kind of clothes each time, or none.",
        "Write your weight on a chart or calendar.",
        "Compare it with yesterday and with last week.",
        "Call your care team if you gain 2 to 3 pounds in a day or 5 pounds in a week.",
    ),
    _text(
        (
            "<h2>Salt and fluids</h2>"
            "<p>Salt makes your body hold on to water. Too much salt can make fluid build up. On food "
            "labels, salt is listed as sodium.</p>"
            "<ul>"
            "<li>Ask your team how much sodium you can have each day.</li>"
            "<li>Read food labels. Canned soup, deli meat, frozen meals and fast food often have a lot "
            "of salt.</li>"
            "<li>Cook with herbs, lemon or pepper instead of salt.</li>"
            "<li>If your team gives you a fluid limit, measure what you drink. Soup, ice and gelatin "
            "count too.</li>"
            "</ul>"
            "<h2>Your medicines</h2>"
            "<p>Your medicines help your heart work better. Many people take a diuretic, or water pill. "
            "It helps your body get rid of extra fluid. You may need to use the toilet more for a few "
            "hours after you take it.</p>"
            "<p>Do not stop a medicine on your own, even if you feel fine. Bring all your pill bottles "
            "to each visit.</p>"
        ),
    ),
    _do_dont(
        dos=[
            "Take short walks, and rest when you feel tired.",
            "Get a flu shot each year.",
            "Ask before you start any new medicine, vitamin or herbal product.",
        ],
        donts=[
            (
                "Do not take pain pills like ibuprofen or naproxen unless your doctor says it is OK. "
                "They can make your body hold fluid."
            ),
            (
                "Do not skip your water pill. If it makes outings hard, ask your team about the best "
                "time to take it."
            ),
            "Do not smoke, and stay away from smoke.",
        ],
    ),
    _checklist(
        "My daily check",
        "I weighed myself and wrote it down.",
        "I took my medicines on time.",
        "I checked my feet, ankles and belly for swelling.",
        "I kept to my salt limit.",
        "I kept to my fluid limit, if I have one.",
    ),
    _care_card(
        "emergency",
        "Chest pain or pressure that does not go away",
        "Very bad trouble breathing, even when you sit still",
        "Fainting or passing out",
        "Coughing up pink, foamy mucus",
        "New confusion, or you cannot stay awake",
    ),
    _care_card(
        "urgent",
        "Weight up 2 to 3 pounds in a day or 5 pounds in a week",
        "More swelling in your feet, legs or belly",
        "More short of breath when you walk or lie down",
        "You need more pillows to sleep, or you wake up short of breath",
        "A dry cough that will not go away",
        "Feeling dizzy or light-headed",
    ),
    _care_card(
        "routine",
        "Feeling a little more tired than usual",
        "Trouble sleeping or feeling down",
        "A side effect from a medicine that bothers you",
    ),
    _questions(
        "Questions to ask your care team",
        "What weight gain should I call you about?",
        "How much salt and fluid can I have each day?",
        "Which of my medicines are for my heart?",
        "What activity is safe for me now?",
        "Who do I call at night or on weekends?",
    ),
    _faq(
        (
            "Will I always feel this tired?",
            (
                "Many people feel stronger a few weeks after they leave the hospital. Ask about cardiac "
                "rehab. It is a program of safe exercise and teaching for people with heart problems."
            ),
        ),
    ),
]

_HEART_FAILURE_ES: list[Block] = [
    _in_short(
        "Pésese cada mañana y anote su peso.",
        "Llame a su equipo de salud si sube 2 a 3 libras en un día o 5 libras en una semana.",
        "Tome sus medicinas todos los días, aunque se sienta bien.",
        "Coma menos sal. Siga el límite de líquidos que le indique su equipo.",
    ),
    _text(
        (
            "<h2>¿Qué es la insuficiencia cardíaca?</h2>"
            "<p>La insuficiencia cardíaca significa que el corazón no bombea tan bien como debería. No "
            "quiere decir que el corazón se haya detenido. Cuando el corazón está débil o rígido, se "
            "puede acumular líquido en el cuerpo. Se le pueden hinchar los pies, las piernas o el "
            "abdomen. A esta hinchazón se le llama edema. También puede sentir falta de aire o mucho "
            "cansancio.</p>"
            "<p>La insuficiencia cardíaca no desaparece. Pero usted puede hacer mucho para sentirse "
            "mejor. Los pequeños hábitos diarios hacen una gran diferencia.</p>"
        ),
    ),
    _steps(
        "Cómo pesarse cada día",
        "Pésese cada mañana, después de ir al baño y antes de comer.",
        "Use la misma báscula todos los días, sobre un piso firme y plano.",
        "Use el mismo tipo de ropa cada vez, o nada de ropa.",
        "Anote su peso en una tabla o en un calendario.",
        "Compárelo con el de ayer y con el de la semana pasada.",
        "Llame a su equipo de salud si sube 2 a 3 libras en un día o 5 libras en una semana.",
    ),
    _text(
        (
            "<h2>La sal y los líquidos</h2>"
            "<p>La sal hace que el cuerpo retenga agua. Demasiada sal puede hacer que se acumule "
            "líquido. En las etiquetas de los alimentos, la sal aparece como sodio.</p>"
            "<ul>"
            "<li>Pregunte a su equipo cuánto sodio puede comer al día.</li>"
            "<li>Lea las etiquetas. Las sopas enlatadas, los embutidos, las comidas congeladas y la "
            "comida rápida suelen tener mucha sal.</li>"
            "<li>Cocine con hierbas, limón o pimienta en lugar de sal.</li>"
            "<li>Si su equipo le da un límite de líquidos, mida lo que bebe. La sopa, el hielo y la "
            "gelatina también cuentan.</li>"
            "</ul>"
            "<h2>Sus medicinas</h2>"
            "<p>Sus medicinas ayudan a que el corazón funcione mejor. Muchas personas toman un "
            "diurético, o pastilla para el agua. Ayuda al cuerpo a eliminar el líquido de más. Es "
            "posible que tenga que ir al baño más seguido unas horas después de tomarlo.</p>"
            "<p>No deje de tomar ninguna medicina por su cuenta, aunque se sienta bien. Lleve todos sus "
            "frascos de medicinas a cada cita.</p>"
        ),
    ),
    _do_dont(
        dos=[
            "Camine un poco cada día y descanse cuando se canse.",
            "Vacúnese contra la gripe cada año.",
            "Pregunte antes de empezar cualquier medicina, vitamina o producto de hierbas.",
        ],
        donts=[
            (
                "No tome analgésicos como ibuprofeno o naproxeno, a menos que su médico lo autorice. "
                "Pueden hacer que el cuerpo retenga líquido."
            ),
            (
                "No se salte la pastilla para el agua. Si le complica salir, pregunte a su equipo cuál "
                "es la mejor hora para tomarla."
            ),
            "No fume y aléjese del humo.",
        ],
    ),
    _checklist(
        "Mi revisión diaria",
        "Me pesé y anoté mi peso.",
        "Tomé mis medicinas a tiempo.",
        "Revisé si tengo hinchazón en los pies, los tobillos o el abdomen.",
        "Respeté mi límite de sal.",
        "Respeté mi límite de líquidos, si tengo uno.",
    ),
    _care_card(
        "emergency",
        "Dolor o presión en el pecho que no se quita",
        "Mucha dificultad para respirar, aun en reposo",
        "Desmayo",
        "Tos con flema rosada y espumosa",
        "Confusión nueva, o no puede mantenerse despierto",
    ),
    _care_card(
        "urgent",
        "Subió 2 a 3 libras en un día o 5 libras en una semana",
        "Más hinchazón en los pies, las piernas o el abdomen",
        "Más falta de aire al caminar o al acostarse",
        "Necesita más almohadas para dormir, o se despierta con falta de aire",
        "Tos seca que no se quita",
        "Mareo o sensación de desmayo",
    ),
    _care_card(
        "routine",
        "Un poco más de cansancio de lo normal",
        "Problemas para dormir o tristeza",
        "Un efecto secundario de una medicina que le molesta",
    ),
    _questions(
        "Preguntas para su equipo de salud",
        "¿Con cuánto aumento de peso debo llamarles?",
        "¿Cuánta sal y cuántos líquidos puedo tomar al día?",
        "¿Cuáles de mis medicinas son para el corazón?",
        "¿Qué actividad física es segura para mí ahora?",
        "¿A quién llamo de noche o los fines de semana?",
    ),
    _faq(
        (
            "¿Siempre voy a tener tanto cansancio?",
            (
                "Muchas personas se sienten con más fuerza unas semanas después de salir del hospital. "
                "Pregunte por la rehabilitación cardíaca. Es un programa de ejercicio seguro y "
                "enseñanza para personas con problemas del corazón."
            ),
        ),
    ),
]

# copd
_COPD: list[Block] = [
    _in_short(
        "Follow your COPD action plan every day.",
        "Use your inhalers the right way, each time.",
        "Stay away from smoke, and get your shots on time.",
        "Get help fast if your breathing gets worse.",
    ),
    _text(
        (
            "<h2>What is COPD?</h2>"
            "<p>COPD is short for chronic obstructive pulmonary disease. It is a lung disease that "
            "lasts a long time. The airways in your lungs are narrow and swollen. This makes it hard to "
            "move air in and out. You may cough, make mucus or feel short of breath.</p>"
            "<p>COPD can flare up. A flare-up is when your breathing gets worse for a few days or more. "
            "Colds, flu and smoke can cause one. Good daily care helps you have fewer of them.</p>"
            "<h2>Your action plan</h2>"
            "<p>An action plan is a written plan from your care team. It tells you what to do on good "
            "days and bad days. Many plans use three zones, like a traffic light.</p>"
            "<ul>"
            "<li><strong>Green:</strong> You breathe as usual. Take your daily medicines.</li>"
            "<li><strong>Yellow:</strong> You are more short of breath, or you cough more. Follow the "
            "yellow steps and call your team.</li>"
            "<li><strong>Red:</strong> You have very bad trouble breathing. Call 911.</li>"
            "</ul>"
            "<p>Keep your plan on the fridge. Show it to your family.</p>"
        ),
    ),
    _steps(
        "How to use a spray inhaler with a spacer",
        "Take off the cap and shake the inhaler.",
        "Put the inhaler into the end of the spacer.",
        "Breathe out all the way, away from the spacer.",
        "Close your lips around the spacer mouthpiece.",
        "Press the inhaler once. Then breathe in slowly and deeply.",
        "Hold your breath for up to 10 seconds. Then breathe out slowly.",
        "Wait about a minute before a second puff, if you need one.",
        "If it is a steroid inhaler, rinse your mouth with water and spit.",
    ),
    _text(
        (
            "<p>Other inhalers work in different ways. Ask your care team to watch you use yours.</p>"
            "<h2>Breathe easier</h2>"
            "<p>Pursed-lip breathing can help when you feel short of breath. Breathe in through your "
            "nose for 2 counts. Pucker your lips as if you were about to blow out a candle. Then "
            "breathe out slowly for 4 counts.</p>"
        ),
    ),
    _warning(
        "If you use oxygen",
        (
            "Oxygen makes fire burn hot and fast. Never smoke, or let others smoke, near your oxygen. "
            "Keep it far from flames, candles, gas stoves and heaters. Use it just as your team tells "
            "you."
        ),
    ),
    _do_dont(
        dos=[
            "Quit smoking. Ask your team for help to quit.",
            "Get a flu shot every year. Ask about shots for pneumonia, COVID-19 and RSV.",
            "Wash your hands often.",
            "Stay active. Walk a little more each day, as you are able.",
        ],
        donts=[
            "Do not run out of medicine. Refill it a week early.",
            "Do not stop your daily inhaler on good days.",
            "Do not keep using your rescue inhaler more than your plan says. Call your team.",
        ],
    ),
    _checklist(
        "My daily check",
        "I took my daily inhaler or other medicines.",
        "I counted how many times I used my rescue inhaler.",
        "I checked the color and amount of my mucus.",
        "I did my breathing exercises.",
        "I checked which zone I am in on my action plan.",
    ),
    _care_card(
        "emergency",
        "Very bad trouble breathing, even at rest",
        "You cannot say more than a few words at a time",
        "Blue or gray lips or fingertips",
        "Your rescue inhaler does not help",
        "Chest pain",
        "Confusion, or being very hard to wake up",
    ),
    _care_card(
        "urgent",
        "More short of breath than usual",
        "You need your rescue inhaler more often",
        "More mucus, or mucus that turns yellow, green or brown",
        "Fever or chills",
        "New swelling in your ankles",
    ),
    _care_card(
        "routine",
        "Questions about how to use your inhalers",
        "You want to know more about pulmonary rehab",
    ),
    _questions(
        "Questions to ask your care team",
        "What zone am I in today?",
        "Which inhaler is for every day, and which one is for rescue?",
        "Do I need oxygen at home? How much, and when?",
        "Is pulmonary rehab right for me?",
    ),
    _faq(
        (
            "What is pulmonary rehab?",
            (
                "Pulmonary rehab is a program of exercise and teaching for people with lung disease. It "
                "can help you breathe easier and do more. Ask your doctor if it is right for you."
            ),
        ),
    ),
]

_COPD_ES: list[Block] = [
    _in_short(
        "Siga su plan de acción para la EPOC todos los días.",
        "Use sus inhaladores de la forma correcta, cada vez.",
        "Aléjese del humo y póngase sus vacunas a tiempo.",
        "Pida ayuda rápido si su respiración empeora.",
    ),
    _text(
        (
            "<h2>¿Qué es la EPOC?</h2>"
            "<p>EPOC quiere decir enfermedad pulmonar obstructiva crónica. Es una enfermedad de los "
            "pulmones que dura mucho tiempo. Las vías respiratorias están estrechas e inflamadas. Por "
            "eso cuesta trabajo que el aire entre y salga. Puede tener tos, flema o falta de aire.</p>"
            "<p>La EPOC puede tener crisis. Una crisis es cuando su respiración empeora por unos días o "
            "más. Los resfriados, la gripe y el humo pueden causar una crisis.</p>"
            "<h2>Su plan de acción</h2>"
            "<p>Un plan de acción es un plan por escrito de su equipo de salud. Le dice qué hacer en "
            "los días buenos y en los días malos. Muchos planes usan tres zonas, como un semáforo.</p>"
            "<ul>"
            "<li><strong>Verde:</strong> Respira como siempre. Tome sus medicinas diarias.</li>"
            "<li><strong>Amarillo:</strong> Le falta más el aire o tose más. Siga los pasos de la zona "
            "amarilla y llame a su equipo.</li>"
            "<li><strong>Rojo:</strong> Tiene mucha dificultad para respirar. Llame al 911.</li>"
            "</ul>"
            "<p>Ponga su plan en el refrigerador y muéstreselo a su familia.</p>"
        ),
    ),
    _steps(
        "Cómo usar un inhalador en aerosol con espaciador",
        "Quite la tapa y agite el inhalador.",
        "Coloque el inhalador en el extremo del espaciador.",
        "Saque todo el aire, lejos del espaciador.",
        "Cierre los labios alrededor de la boquilla del espaciador.",
        "Presione el inhalador una vez. Luego inhale despacio y profundo.",
        "Aguante la respiración hasta 10 segundos. Luego saque el aire despacio.",
        "Espere más o menos un minuto antes de una segunda dosis, si la necesita.",
        "Si es un inhalador con esteroide, enjuáguese la boca con agua y escúpala.",
    ),
    _text(
        (
            "<p>Otros inhaladores funcionan de otra manera. Pida a su equipo de salud que le observe "
            "mientras usa el suyo.</p>"
            "<h2>Respire mejor</h2>"
            "<p>La respiración con labios fruncidos puede ayudar cuando le falta el aire. Tome aire por "
            "la nariz mientras cuenta hasta 2. Junte los labios como si fuera a apagar una vela. Luego "
            "saque el aire despacio mientras cuenta hasta 4.</p>"
        ),
    ),
    _warning(
        "Si usa oxígeno",
        (
            "El oxígeno hace que el fuego arda más fuerte y más rápido. Nunca fume ni deje que otros "
            "fumen cerca de su oxígeno. Manténgalo lejos de llamas, velas, estufas de gas y "
            "calentadores. Úselo tal como le indique su equipo."
        ),
    ),
    _do_dont(
        dos=[
            "Deje de fumar. Pida ayuda a su equipo para lograrlo.",
            (
                "Vacúnese contra la gripe cada año. Pregunte por las vacunas contra la neumonía, el "
                "COVID-19 y el VRS."
            ),
            "Lávese las manos con frecuencia.",
            "Muévase. Camine un poco más cada día, según pueda.",
        ],
        donts=[
            "No deje que se le acaben las medicinas. Pida más a la farmacia una semana antes.",
            "No deje de usar su inhalador diario en los días buenos.",
            "No siga usando su inhalador de rescate más de lo que dice su plan. Llame a su equipo.",
        ],
    ),
    _checklist(
        "Mi revisión diaria",
        "Usé mi inhalador diario o tomé mis otras medicinas.",
        "Conté cuántas veces usé mi inhalador de rescate.",
        "Revisé el color y la cantidad de mi flema.",
        "Hice mis ejercicios de respiración.",
        "Revisé en qué zona de mi plan de acción estoy.",
    ),
    _care_card(
        "emergency",
        "Mucha dificultad para respirar, aun en reposo",
        "No puede decir más de unas pocas palabras seguidas",
        "Labios o puntas de los dedos azulados o grises",
        "Su inhalador de rescate no le ayuda",
        "Dolor en el pecho",
        "Confusión, o mucha dificultad para despertar",
    ),
    _care_card(
        "urgent",
        "Más falta de aire de lo normal",
        "Necesita su inhalador de rescate más seguido",
        "Más flema, o flema amarilla, verde o café",
        "Fiebre o escalofríos",
        "Hinchazón nueva en los tobillos",
    ),
    _care_card(
        "routine",
        "Preguntas sobre cómo usar sus inhaladores",
        "Quiere saber más sobre la rehabilitación pulmonar",
    ),
    _questions(
        "Preguntas para su equipo de salud",
        "¿En qué zona estoy hoy?",
        "¿Cuál inhalador es para todos los días y cuál es de rescate?",
        "¿Necesito oxígeno en casa? ¿Cuánto y cuándo?",
        "¿Me conviene la rehabilitación pulmonar?",
    ),
    _faq(
        (
            "¿Qué es la rehabilitación pulmonar?",
            (
                "Es un programa de ejercicio y enseñanza para personas con enfermedades de los "
                "pulmones. Puede ayudarle a respirar mejor y a hacer más cosas. Pregunte a su médico si "
                "es adecuada para usted."
            ),
        ),
    ),
]

# stroke-recovery
_STROKE: list[Block] = [
    _in_short(
        "Know the signs of stroke: BE FAST. Call 911 right away.",
        "Take your medicines every day to lower your risk of another stroke.",
        "Keep up your therapy. The brain can keep healing for months.",
        "Make your home safe to prevent falls.",
    ),
    _text(
        (
            "<h2>What happens after a stroke</h2>"
            "<p>A stroke happens when blood cannot reach part of the brain, or when a blood vessel in "
            "the brain bleeds. Brain cells in that area get hurt. This can change how you move, talk, "
            "think, see or swallow.</p>"
            "<p>Many people get better over weeks and months. Therapy helps the brain learn new ways to "
            "do things. Progress may be slow. That is normal.</p>"
            "<h2>Know the signs: BE FAST</h2>"
            "<p>After one stroke, you are more likely to have another. Learn these signs, and teach "
            "them to your family.</p>"
            "<ul>"
            "<li><strong>B for Balance:</strong> sudden loss of balance or trouble walking</li>"
            "<li><strong>E for Eyes:</strong> sudden trouble seeing in one or both eyes</li>"
            "<li><strong>F for Face:</strong> one side of the face droops</li>"
            "<li><strong>A for Arm:</strong> one arm or leg is weak or numb</li>"
            "<li><strong>S for Speech:</strong> slurred speech or trouble finding words</li>"
            "<li><strong>T for Time:</strong> call 911 right away</li>"
            "</ul>"
        ),
    ),
    _warning(
        "Do not wait",
        (
            "Call 911 even if the signs go away. Do not drive yourself to the hospital. Note the time "
            "the signs started. Fast care can save brain cells."
        ),
    ),
    _steps(
        "Lower your risk of another stroke",
        "Take your medicines at the same time each day.",
        "Check your blood pressure as often as your team asks. Write it down.",
        "Eat more fruits, vegetables and whole grains. Eat less salt.",
        "Move your body every day, as your therapist allows.",
        "Quit smoking. Ask your doctor if any alcohol is safe for you.",
        "Go to all your follow-up visits and therapy sessions.",
    ),
    _text(
        (
            "<h2>Therapy</h2>"
            "<p>You may work with three kinds of therapists. Physical therapy helps you walk and move. "
            "Occupational therapy helps with daily tasks, like dressing and bathing. Speech therapy "
            "helps with talking, understanding and swallowing.</p>"
            "<p>Some people have aphasia after a stroke. It makes it hard to speak, read or find words. "
            "It does not mean the person is less smart. Give them time to talk. Ask short, simple "
            "questions.</p>"
        ),
    ),
    _do_dont(
        dos=[
            "Follow the food and drink advice from your speech therapist.",
            "Sit up straight when you eat or drink.",
            "Use your walker or cane as your therapist taught you.",
            "Tell your team if you feel sad or lose interest in things.",
        ],
        donts=[
            "Do not stop a blood thinner or any other medicine on your own.",
            "Do not rush. Falls often happen when people hurry.",
            "Do not drive until your doctor says it is safe.",
            "Do not eat or drink things that are hard for you to swallow.",
        ],
    ),
    _checklist(
        "Make your home safer",
        "Take loose rugs and cords out of walkways.",
        "Put night lights in the bedroom, hall and bathroom.",
        "Add grab bars near the toilet and in the shower.",
        "Use a shower chair.",
        "Keep a phone close by at all times.",
    ),
    _care_card(
        "emergency",
        "Any BE FAST sign, even if it goes away",
        "A sudden, very bad headache",
        "A seizure",
        "A fall where you hit your head, if you take a blood thinner",
        "Bleeding that will not stop",
        "Thoughts of hurting yourself (you can also call or text 988)",
    ),
    _care_card(
        "urgent",
        "Coughing or choking when you eat or drink",
        "New trouble swallowing pills",
        "A fall, even if you do not feel hurt",
        "Blood in your urine, or black or bloody stools",
        "Bruises you cannot explain",
        "Feeling sad or hopeless most days",
    ),
    _care_card(
        "routine",
        "Feeling very tired",
        "Trouble sleeping",
        "Trouble with memory or focus",
        "Stiff or sore muscles in a weak arm or leg",
    ),
    _questions(
        "Questions to ask your care team",
        "What caused my stroke?",
        "What can I do to prevent another one?",
        "What should my blood pressure be?",
        "What therapy do I need, and for how long?",
        "When is it safe for me to drive?",
        "What help can my family get?",
    ),
    _faq(
        (
            "How long does recovery take?",
            (
                "It is different for each person. Many people improve the most in the first few months. "
                "But people can keep getting better for a long time."
            ),
        ),
    ),
]

_STROKE_ES: list[Block] = [
    _in_short(
        "Conozca las señales de un derrame cerebral. Si las ve, llame al 911 de inmediato.",
        "Tome sus medicinas todos los días para bajar el riesgo de otro derrame.",
        "Siga con su terapia. El cerebro puede seguir sanando por meses.",
        "Prepare su casa para evitar caídas.",
    ),
    _text(
        (
            "<h2>Qué pasa después de un derrame cerebral</h2>"
            "<p>Un derrame cerebral, o accidente cerebrovascular, ocurre cuando la sangre no llega a "
            "una parte del cerebro. También ocurre cuando se rompe un vaso sanguíneo en el cerebro. Las "
            "células de esa zona se dañan. Esto puede cambiar su forma de moverse, hablar, pensar, ver "
            "o tragar.</p>"
            "<p>Muchas personas mejoran con las semanas y los meses. La terapia ayuda al cerebro a "
            "aprender nuevas formas de hacer las cosas. El avance puede ser lento. Eso es normal.</p>"
            "<h2>Conozca las señales</h2>"
            "<p>Después de un derrame, hay más riesgo de tener otro. Aprenda estas señales y "
            "enséñeselas a su familia. En inglés se recuerdan con la frase BE FAST.</p>"
            "<ul>"
            "<li><strong>Equilibrio:</strong> pérdida repentina del equilibrio o dificultad para "
            "caminar</li>"
            "<li><strong>Ojos:</strong> dificultad repentina para ver con uno o con los dos ojos</li>"
            "<li><strong>Cara:</strong> un lado de la cara se ve caído</li>"
            "<li><strong>Brazo:</strong> debilidad o adormecimiento en un brazo o una pierna</li>"
            "<li><strong>Habla:</strong> habla arrastrada o dificultad para encontrar las palabras</li>"
            "<li><strong>Tiempo:</strong> llame al 911 de inmediato</li>"
            "</ul>"
        ),
    ),
    _warning(
        "No espere",
        (
            "Llame al 911 aunque las señales desaparezcan. No vaya manejando al hospital. Fíjese en la "
            "hora en que empezaron las señales. La atención rápida puede salvar células del cerebro."
        ),
    ),
    _steps(
        "Baje el riesgo de otro derrame",
        "Tome sus medicinas a la misma hora cada día.",
        "Mídase la presión arterial tan seguido como le pida su equipo. Anote los resultados.",
        "Coma más frutas, verduras y granos integrales. Coma menos sal.",
        "Mueva el cuerpo todos los días, según le permita su terapeuta.",
        "Deje de fumar. Pregunte a su médico si puede tomar algo de alcohol.",
        "Vaya a todas sus citas de seguimiento y de terapia.",
    ),
    _text(
        (
            "<h2>La terapia</h2>"
            "<p>Puede trabajar con tres tipos de terapeutas. La fisioterapia le ayuda a caminar y "
            "moverse. La terapia ocupacional le ayuda con las tareas diarias, como vestirse y bañarse. "
            "La terapia del habla ayuda a hablar, entender y tragar.</p>"
            "<p>Algunas personas tienen afasia después de un derrame. La afasia hace difícil hablar, "
            "leer o encontrar las palabras. No quiere decir que la persona sea menos inteligente. Dele "
            "tiempo para hablar. Haga preguntas cortas y sencillas.</p>"
        ),
    ),
    _do_dont(
        dos=[
            "Siga los consejos sobre comidas y bebidas de su terapeuta del habla.",
            "Siéntese derecho para comer o beber.",
            "Use su andador o bastón como le enseñó su terapeuta.",
            "Avise a su equipo si se siente triste o pierde el interés en las cosas.",
        ],
        donts=[
            "No deje de tomar un anticoagulante ni ninguna otra medicina por su cuenta.",
            "No se apure. Las caídas suelen pasar cuando uno tiene prisa.",
            "No maneje hasta que su médico diga que es seguro.",
            "No coma ni beba cosas que le cueste tragar.",
        ],
    ),
    _checklist(
        "Haga su casa más segura",
        "Quite las alfombras sueltas y los cables de los pasillos.",
        "Ponga luces de noche en el dormitorio, el pasillo y el baño.",
        "Instale barras de apoyo junto al inodoro y en la ducha.",
        "Use una silla para la ducha.",
        "Tenga un teléfono cerca en todo momento.",
    ),
    _care_card(
        "emergency",
        "Cualquier señal de derrame cerebral, aunque desaparezca",
        "Dolor de cabeza repentino y muy fuerte",
        "Una convulsión",
        "Una caída en la que se golpea la cabeza, si toma un anticoagulante",
        "Un sangrado que no para",
        "Pensamientos de hacerse daño (también puede llamar o enviar un mensaje de texto al 988)",
    ),
    _care_card(
        "urgent",
        "Tos o atragantamiento al comer o beber",
        "Nueva dificultad para tragar pastillas",
        "Una caída, aunque no sienta que se lastimó",
        "Sangre en la orina, o heces negras o con sangre",
        "Moretones que no puede explicar",
        "Tristeza o desesperanza la mayoría de los días",
    ),
    _care_card(
        "routine",
        "Mucho cansancio",
        "Problemas para dormir",
        "Problemas de memoria o de concentración",
        "Músculos rígidos o adoloridos en un brazo o una pierna débil",
    ),
    _questions(
        "Preguntas para su equipo de salud",
        "¿Qué causó mi derrame cerebral?",
        "¿Qué puedo hacer para evitar otro?",
        "¿Cuál debe ser mi presión arterial?",
        "¿Qué terapia necesito y por cuánto tiempo?",
        "¿Cuándo es seguro volver a manejar?",
        "¿Qué ayuda puede recibir mi familia?",
    ),
    _faq(
        (
            "¿Cuánto tiempo toma la recuperación?",
            (
                "Es diferente para cada persona. Muchas personas mejoran más en los primeros meses. "
                "Pero se puede seguir mejorando por mucho tiempo."
            ),
        ),
    ),
]

# type-2-diabetes
_DIABETES: list[Block] = [
    _in_short(
        "Check your blood sugar as often as your care team tells you.",
        "Know the signs of low blood sugar and how to treat it fast.",
        "Take your diabetes medicines as your team directs.",
        "Check your feet every day.",
    ),
    _text(
        (
            "<h2>What is type 2 diabetes?</h2>"
            "<p>With type 2 diabetes, your body does not use insulin well. Insulin is a hormone. It "
            "moves sugar from your blood into your cells. When it does not work well, sugar builds up "
            "in your blood. Over time, high blood sugar can harm your eyes, kidneys, nerves, heart and "
            "feet.</p>"
            "<p>Food, activity, medicine and stress all change your blood sugar. Carbohydrates, or "
            "carbs, raise it the most. Bread, rice, pasta, fruit, milk and sweets all have carbs.</p>"
            "<h2>Low blood sugar</h2>"
            "<p>Blood sugar under 70 (mg/dL) is low. It can happen if you take insulin or some diabetes "
            "pills. It can also happen if you skip a meal or are more active than usual. Signs "
            "include:</p>"
            "<ul>"
            "<li>Feeling shaky, sweaty or dizzy</li>"
            "<li>A fast heartbeat</li>"
            "<li>Feeling very hungry, cranky or confused</li>"
            "<li>A headache or blurry vision</li>"
            "</ul>"
        ),
    ),
    _steps(
        "Treat a low with the 15-15 rule",
        "Check your blood sugar. If it is under 70, treat it right away.",
        (
            "Have 15 grams of fast-acting sugar. Try half a cup of juice or regular soda, or 1 "
            "tablespoon of sugar or honey. Or take glucose tablets as the label says."
        ),
        "Wait 15 minutes. Then check your blood sugar again.",
        "If it is still under 70, do steps 2 and 3 again.",
        "Once it is 70 or higher, eat a meal or snack. This helps keep it from dropping again.",
        "Tell your care team about any lows.",
    ),
    _warning(
        "If someone cannot swallow or has passed out",
        (
            "Do not put food or drink in their mouth. Call 911. If they have glucagon and you have been "
            "shown how to use it, give it."
        ),
    ),
    _text(
        (
            "<h2>High blood sugar</h2>"
            "<p>High blood sugar can make you very thirsty. You may pass urine a lot, feel tired or "
            "have blurry vision. Ask your team what number is too high for you.</p>"
            "<h3>On sick days</h3>"
            "<ul>"
            "<li>Ask your team now which medicines to take on sick days.</li>"
            "<li>Do not stop insulin unless your team tells you to.</li>"
            "<li>Check your blood sugar more often.</li>"
            "<li>Drink plenty of sugar-free fluids, unless you have a fluid limit.</li>"
            "</ul>"
        ),
    ),
    _do_dont(
        dos=[
            "Eat meals at about the same times each day.",
            "Fill half your plate with vegetables.",
            "Wear shoes and socks, even at home.",
            "Get your eyes and feet checked each year.",
        ],
        donts=[
            "Do not skip meals if you take insulin or diabetes pills.",
            "Do not walk barefoot.",
            "Do not treat a low with chocolate or other foods with fat. They work too slowly.",
            "Do not drive if your blood sugar is low.",
        ],
    ),
    _checklist(
        "My daily check",
        "I checked my blood sugar and wrote it down.",
        "I took my diabetes medicines.",
        "I checked my feet for cuts, blisters, redness or swelling.",
        "I carried a fast-acting sugar, like glucose tablets, with me.",
    ),
    _care_card(
        "emergency",
        "Passing out, or being very hard to wake up",
        "A seizure",
        "Confusion that does not get better after you treat a low",
        "Vomiting with fast breathing or a fruity smell on the breath",
        "Chest pain",
    ),
    _care_card(
        "urgent",
        "Blood sugar above the number your team told you to call about",
        "Low blood sugar that keeps coming back",
        "Vomiting, or you cannot keep food or fluids down",
        "A foot sore that is red, warm, draining or not healing",
    ),
    _care_card(
        "routine",
        "Numbness or tingling in your feet",
        "Blood sugar that is often above your goal",
        "Questions about what to eat",
    ),
    _questions(
        "Questions to ask your care team",
        "What is my blood sugar goal?",
        "When and how often should I check it?",
        "What number should I call you about?",
        "What should I do on a sick day?",
        "What is my A1C, and what should it be?",
    ),
    _faq(
        (
            "What is an A1C test?",
            (
                "An A1C test shows your average blood sugar over the past 2 to 3 months. Your team uses "
                "it to see how well your plan is working."
            ),
        ),
    ),
]

_DIABETES_ES: list[Block] = [
    _in_short(
        "Mídase el azúcar en la sangre tan seguido como le indique su equipo de salud.",
        "Conozca las señales del azúcar bajo y cómo tratarlo rápido.",
        "Tome sus medicinas para la diabetes como le indique su equipo.",
        "Revise sus pies todos los días.",
    ),
    _text(
        (
            "<h2>¿Qué es la diabetes tipo 2?</h2>"
            "<p>Con la diabetes tipo 2, el cuerpo no usa bien la insulina. La insulina es una hormona. "
            "Pasa el azúcar de la sangre a las células. Si no funciona bien, el azúcar se acumula en la "
            "sangre. Con el tiempo, el azúcar alto puede dañar los ojos, los riñones, los nervios, el "
            "corazón y los pies.</p>"
            "<p>La comida, la actividad, las medicinas y el estrés cambian su nivel de azúcar. Los "
            "carbohidratos son los que más lo suben. El pan, el arroz, la tortilla, la pasta, la fruta, "
            "la leche y los dulces tienen carbohidratos.</p>"
            "<h2>El azúcar bajo</h2>"
            "<p>Un nivel de azúcar menor de 70 (mg/dL) es bajo. Puede pasar si usa insulina o algunas "
            "pastillas para la diabetes. También puede pasar si se salta una comida o hace más "
            "actividad de lo normal. Las señales incluyen:</p>"
            "<ul>"
            "<li>Temblor, sudor o mareo</li>"
            "<li>Latidos rápidos del corazón</li>"
            "<li>Mucha hambre, mal humor o confusión</li>"
            "<li>Dolor de cabeza o vista borrosa</li>"
            "</ul>"
        ),
    ),
    _steps(
        "Trate el azúcar bajo con la regla de 15-15",
        "Mídase el azúcar. Si está por debajo de 70, trátelo de inmediato.",
        (
            "Tome 15 gramos de azúcar de acción rápida: media taza de jugo o de refresco normal (no de "
            "dieta), o 1 cucharada de azúcar o miel. También sirven las tabletas de glucosa, según la "
            "etiqueta."
        ),
        "Espere 15 minutos. Luego mídase el azúcar otra vez.",
        "Si sigue por debajo de 70, repita los pasos 2 y 3.",
        "Cuando esté en 70 o más, coma una comida o un bocadillo. Así evita que vuelva a bajar.",
        "Avise a su equipo de salud cada vez que tenga el azúcar bajo.",
    ),
    _warning(
        "Si alguien no puede tragar o se desmayó",
        (
            "No le ponga comida ni bebida en la boca. Llame al 911. Si la persona tiene glucagón y a "
            "usted le enseñaron a usarlo, déselo."
        ),
    ),
    _text(
        (
            "<h2>El azúcar alto</h2>"
            "<p>El azúcar alto puede darle mucha sed. Puede orinar mucho, sentir cansancio o ver "
            "borroso. Pregunte a su equipo qué número es demasiado alto para usted.</p>"
            "<h3>Cuando se enferme</h3>"
            "<ul>"
            "<li>Pregunte desde ahora a su equipo qué medicinas debe tomar cuando se enferme.</li>"
            "<li>No deje de usar la insulina a menos que su equipo se lo indique.</li>"
            "<li>Mídase el azúcar más seguido.</li>"
            "<li>Tome bastantes líquidos sin azúcar, a menos que tenga un límite de líquidos.</li>"
            "</ul>"
        ),
    ),
    _do_dont(
        dos=[
            "Coma más o menos a las mismas horas cada día.",
            "Llene la mitad de su plato con verduras.",
            "Use zapatos y calcetines, aun dentro de la casa.",
            "Hágase revisar los ojos y los pies cada año.",
        ],
        donts=[
            "No se salte comidas si usa insulina o pastillas para la diabetes.",
            "No ande sin zapatos.",
            "No trate el azúcar bajo con chocolate u otros alimentos con grasa. Actúan muy despacio.",
            "No maneje si tiene el azúcar bajo.",
        ],
    ),
    _checklist(
        "Mi revisión diaria",
        "Me medí el azúcar y anoté el resultado.",
        "Tomé mis medicinas para la diabetes.",
        "Revisé mis pies por si hay cortadas, ampollas, enrojecimiento o hinchazón.",
        "Llevé conmigo algo con azúcar de acción rápida, como tabletas de glucosa.",
    ),
    _care_card(
        "emergency",
        "Desmayo, o mucha dificultad para despertar",
        "Una convulsión",
        "Confusión que no mejora después de tratar el azúcar bajo",
        "Vómito con respiración rápida o aliento con olor a fruta",
        "Dolor en el pecho",
    ),
    _care_card(
        "urgent",
        "Azúcar por encima del número que su equipo le dijo que debe reportar",
        "Azúcar bajo que se repite",
        "Vómito, o no puede retener la comida ni los líquidos",
        "Una llaga en el pie que está roja, caliente, supura o no sana",
    ),
    _care_card(
        "routine",
        "Adormecimiento u hormigueo en los pies",
        "Azúcar que a menudo está por encima de su meta",
        "Preguntas sobre qué comer",
    ),
    _questions(
        "Preguntas para su equipo de salud",
        "¿Cuál es mi meta de azúcar en la sangre?",
        "¿Cuándo y con qué frecuencia debo medirlo?",
        "¿Con qué número debo llamarles?",
        "¿Qué debo hacer cuando me enferme?",
        "¿Cuál es mi A1C y cuál debería ser?",
    ),
    _faq(
        (
            "¿Qué es la prueba A1C?",
            (
                "La prueba A1C muestra su nivel promedio de azúcar en la sangre en los últimos 2 a 3 "
                "meses. Su equipo la usa para ver si su plan está funcionando."
            ),
        ),
    ),
]

# hip-or-knee-replacement
_JOINT: list[Block] = [
    _in_short(
        "Do your exercises every day to get strong and move well.",
        "Watch for signs of a blood clot or infection.",
        "Prevent falls. Use your walker and clear your walkways.",
        "Take your pain medicine and blood thinner as directed.",
    ),
    _text(
        (
            "<h2>Your first weeks at home</h2>"
            "<p>In a joint replacement, the surgeon takes out the worn parts of your hip or knee. New "
            "parts made of metal and plastic take their place. Most people walk the same day or the "
            "next day.</p>"
            "<p>Healing takes time. Physical therapy starts right away. Most people use a walker or "
            "cane for a few weeks. You will slowly get stronger. Your therapist will tell you how much "
            "weight you can put on your leg.</p>"
        ),
    ),
    _steps(
        "Care for your incision",
        "Wash your hands before you touch the area.",
        "Keep the incision clean and dry.",
        "Change the dressing only if your team told you to.",
        (
            "Ask your surgeon when you can shower. Do not soak in a bath, pool or hot tub until your "
            "surgeon says it is OK."
        ),
        "Look at the incision each day for redness, swelling or fluid.",
        "Do not put lotion or cream on it unless your team tells you to.",
    ),
    _text(
        (
            "<h2>Blood clots and infection</h2>"
            "<p>After surgery, you are more likely to get a blood clot in your leg. A clot can travel "
            "to your lungs. This is an emergency. To lower your risk, take your blood thinner as "
            "directed. Move your ankles up and down often. Walk a little many times a day.</p>"
            "<p>Infection is not common, but it can be serious. Check your incision and your "
            "temperature each day.</p>"
        ),
    ),
    _do_dont(
        dos=[
            "Use your walker or cane until your therapist says you can stop.",
            "Follow the hip rules your surgeon gave you. They depend on the type of surgery.",
            "Ice and raise your leg to ease swelling, as your team tells you.",
            "Take pain medicine before therapy if your team suggests it.",
            "Tell your dentist and other doctors that you have a joint replacement.",
        ],
        donts=[
            (
                "Do not put a pillow under your knee after knee surgery. Your knee needs to stay "
                "straight when you rest."
            ),
            "Do not drive until your surgeon says it is safe.",
            "Do not stop your blood thinner early.",
            "Do not climb ladders or stand on stools.",
        ],
    ),
    _checklist(
        "Make your home safe",
        "Clear paths of rugs, cords and clutter.",
        "Set up a bed on the main floor if stairs are hard.",
        "Add night lights from the bed to the bathroom.",
        "Get a raised toilet seat, shower chair and grab bars if your therapist suggests them.",
        "Put things you use often at waist height.",
        "Wear shoes that have backs and non-slip soles.",
    ),
    _care_card(
        "emergency",
        "Sudden shortness of breath",
        "Chest pain, mainly when you breathe in",
        "Coughing up blood",
        "Fainting",
    ),
    _care_card(
        "urgent",
        "Pain, swelling, warmth or redness in your calf or thigh",
        "A fever of 100.4°F (38°C) or higher, or chills",
        "Redness, warmth or swelling around the incision that is getting worse",
        "Fluid or pus coming from the incision",
        "Pain that gets worse, or that your medicine does not ease",
        "A fall",
    ),
    _care_card(
        "routine",
        "Mild swelling that goes down when you rest and raise your leg",
        "Trouble sleeping",
        "Hard stools from pain medicine",
        "Questions about work, driving or travel",
    ),
    _questions(
        "Questions to ask your care team",
        "How much weight can I put on my leg?",
        "Which moves should I avoid, and for how long?",
        "How long will I take a blood thinner?",
        "When can I shower, drive and go back to work?",
        "How do I reach you after hours?",
        "Do I need to take medicine before dental work?",
    ),
    _faq(
        (
            "How long until I feel normal again?",
            (
                "Most people do daily tasks again within a few weeks. Full recovery can take several "
                "months to a year. Keep up with your exercises. They make a big difference."
            ),
        ),
    ),
]

_JOINT_ES: list[Block] = [
    _in_short(
        "Haga sus ejercicios todos los días para ganar fuerza y moverse bien.",
        "Vigile las señales de un coágulo de sangre o de una infección.",
        "Evite caídas. Use su andador y despeje los pasillos.",
        "Tome su medicina para el dolor y su anticoagulante como se le indicó.",
    ),
    _text(
        (
            "<h2>Sus primeras semanas en casa</h2>"
            "<p>En un reemplazo de articulación, el cirujano quita las partes gastadas de la cadera o "
            "la rodilla. Las reemplaza con piezas de metal y plástico. La mayoría de las personas "
            "caminan el mismo día o al día siguiente.</p>"
            "<p>Sanar toma tiempo. La fisioterapia empieza enseguida. Casi todos usan andador o bastón "
            "por unas semanas. Poco a poco tendrá más fuerza. Su terapeuta le dirá cuánto peso puede "
            "poner en la pierna.</p>"
        ),
    ),
    _steps(
        "Cuide su incisión",
        "Lávese las manos antes de tocar la zona.",
        "Mantenga la incisión limpia y seca.",
        "Cambie el vendaje solo si su equipo se lo indicó.",
        (
            "Pregunte a su cirujano cuándo puede ducharse. No se meta en una tina, una piscina o un "
            "jacuzzi hasta que su cirujano lo autorice."
        ),
        "Revise la incisión cada día por si hay enrojecimiento, hinchazón o líquido.",
        "No se ponga loción ni crema a menos que su equipo se lo indique.",
    ),
    _text(
        (
            "<h2>Coágulos e infección</h2>"
            "<p>Después de la cirugía, hay más riesgo de que se forme un coágulo de sangre en la "
            "pierna. Un coágulo puede viajar a los pulmones. Eso es una emergencia. Para bajar el "
            "riesgo, tome su anticoagulante como se le indicó. Mueva los tobillos hacia arriba y hacia "
            "abajo a menudo. Camine un poco varias veces al día.</p>"
            "<p>La infección no es común, pero puede ser grave. Revise su incisión y tómese la "
            "temperatura cada día.</p>"
        ),
    ),
    _do_dont(
        dos=[
            "Use el andador o el bastón hasta que su terapeuta le diga que puede dejarlo.",
            "Siga las reglas para la cadera que le dio su cirujano. Dependen del tipo de cirugía.",
            "Póngase hielo y eleve la pierna para bajar la hinchazón, como le indique su equipo.",
            "Tome la medicina para el dolor antes de la terapia si su equipo se lo sugiere.",
            "Dígales a su dentista y a sus otros médicos que tiene una articulación artificial.",
        ],
        donts=[
            (
                "No ponga una almohada debajo de la rodilla después de una cirugía de rodilla. La "
                "rodilla debe quedar derecha cuando descansa."
            ),
            "No maneje hasta que su cirujano diga que es seguro.",
            "No deje de tomar el anticoagulante antes de tiempo.",
            "No se suba a escaleras de mano ni a banquitos.",
        ],
    ),
    _checklist(
        "Prepare su casa",
        "Quite alfombras, cables y cosas del camino.",
        "Arregle una cama en la planta baja si le cuesta subir escaleras.",
        "Ponga luces de noche desde la cama hasta el baño.",
        (
            "Consiga un asiento de inodoro elevado, una silla de ducha y barras de apoyo si su "
            "terapeuta lo sugiere."
        ),
        "Ponga lo que más usa a la altura de la cintura.",
        "Use zapatos con talón cerrado y suela antideslizante.",
    ),
    _care_card(
        "emergency",
        "Falta de aire repentina",
        "Dolor en el pecho, sobre todo al tomar aire",
        "Tos con sangre",
        "Desmayo",
    ),
    _care_card(
        "urgent",
        "Dolor, hinchazón, calor o enrojecimiento en la pantorrilla o el muslo",
        "Fiebre de 100.4°F (38°C) o más, o escalofríos",
        "Enrojecimiento, calor o hinchazón alrededor de la incisión que empeora",
        "Líquido o pus que sale de la incisión",
        "Dolor que empeora o que su medicina no alivia",
        "Una caída",
    ),
    _care_card(
        "routine",
        "Hinchazón leve que baja al descansar y elevar la pierna",
        "Problemas para dormir",
        "Estreñimiento por la medicina para el dolor",
        "Preguntas sobre el trabajo, manejar o viajar",
    ),
    _questions(
        "Preguntas para su equipo de salud",
        "¿Cuánto peso puedo poner en la pierna?",
        "¿Qué movimientos debo evitar y por cuánto tiempo?",
        "¿Por cuánto tiempo voy a tomar el anticoagulante?",
        "¿Cuándo puedo ducharme, manejar y volver al trabajo?",
        "¿Cómo me comunico con ustedes fuera del horario de oficina?",
        "¿Necesito tomar alguna medicina antes de ir al dentista?",
    ),
    _faq(
        (
            "¿Cuánto tiempo voy a tardar en sentirme normal?",
            (
                "La mayoría de las personas vuelven a sus tareas diarias en unas semanas. La "
                "recuperación completa puede tomar de varios meses a un año. Siga con sus ejercicios. "
                "Hacen una gran diferencia."
            ),
        ),
    ),
]

# pneumonia
_PNEUMONIA: list[Block] = [
    _in_short(
        "Take all of your antibiotic, even when you feel better.",
        "Do your breathing exercises several times a day.",
        "Rest, drink fluids and build your strength back slowly.",
        "Get help fast if your breathing gets harder or your fever comes back.",
    ),
    _text(
        (
            "<h2>What is pneumonia?</h2>"
            "<p>Pneumonia is an infection in one or both lungs. Germs such as bacteria or viruses cause "
            "it. The air sacs in your lungs fill with fluid or pus. This makes it hard to breathe. It "
            "can also cause cough, mucus, fever and chills.</p>"
            "<p>Most people get better at home. But it can take weeks to feel like yourself again. It "
            "is normal to feel tired for a month or more. A cough can also last a few weeks.</p>"
            "<h2>Your medicines</h2>"
            "<p>If bacteria caused your pneumonia, you will take an antibiotic. Take every dose until "
            "it is gone, even when you feel better. If you stop early, the infection can come back. "
            "Tell your team if the medicine upsets your stomach or gives you a rash.</p>"
        ),
    ),
    _steps(
        "How to use your incentive spirometer",
        "Sit up straight on the edge of your bed or in a chair.",
        "Hold the device upright. Breathe out as usual.",
        "Close your lips tightly around the mouthpiece.",
        "Breathe in slowly and as deeply as you can. Try to raise the marker to your goal.",
        "Hold your breath for 3 to 5 seconds. Then breathe out slowly.",
        "Rest, then repeat. Aim for 10 breaths each hour while you are awake, or as your team tells you.",
        "After each set, take a deep breath and cough to clear mucus.",
    ),
    _text(
        (
            "<p>If you do not have a spirometer, take slow, deep breaths a few times each hour. If you "
            "feel short of breath, try pursed-lip breathing. Breathe in through your nose. Then breathe "
            "out slowly through puckered lips, as if you were blowing out a candle.</p>"
        ),
    ),
    _do_dont(
        dos=[
            "Drink plenty of fluids, unless your team gave you a fluid limit.",
            "Rest, and add activity a little at a time.",
            "Wash your hands often, and cover your cough.",
            "Get a flu vaccine each year. Ask about vaccines for pneumonia, COVID-19 and RSV.",
            "Go to your follow-up visit.",
        ],
        donts=[
            "Do not smoke, and stay away from smoke.",
            "Do not save leftover antibiotic pills for later.",
            "Do not take cough medicine without asking your team. Coughing helps clear your lungs.",
        ],
    ),
    _checklist(
        "My daily check",
        "I took my antibiotic doses on time.",
        "I did my breathing exercises.",
        "I drank fluids through the day.",
        "I checked my temperature.",
        "I rested, and took a short walk if I could.",
        "I noticed if my breathing was better or worse.",
    ),
    _care_card(
        "emergency",
        "Very bad trouble breathing, or very fast breathing",
        "Blue or gray lips or fingertips",
        "Chest pain that is new or getting worse",
        "New confusion, or being very hard to wake up",
        "Swelling of your face, lips or tongue",
        "Coughing up a lot of blood",
    ),
    _care_card(
        "urgent",
        "A fever that comes back, or lasts more than 2 to 3 days after you start an antibiotic",
        "Breathing that gets worse instead of better",
        "Streaks of blood in your mucus",
        "Vomiting, or you cannot keep your medicine down",
        "A rash or bad diarrhea from your antibiotic",
        "Feeling weaker each day",
    ),
    _care_card(
        "routine",
        "A mild cough that lasts a few weeks",
        "Feeling tired for several weeks",
        "Questions about your vaccines",
        "Questions about going back to work",
    ),
    _questions(
        "Questions to ask your care team",
        "What caused my pneumonia?",
        "How long do I take my antibiotic?",
        "When should I start to feel better?",
        "Do I need another chest X-ray?",
        "Which vaccines should I get, and when?",
        "When can I go back to work or my usual activities?",
    ),
    _faq(
        (
            "Can pneumonia spread to others?",
            (
                "Some germs that cause pneumonia can spread through coughs and sneezes. Cover your "
                "cough and wash your hands often. Ask your team if you need to stay away from others "
                "for a time."
            ),
        ),
    ),
]

_PNEUMONIA_ES: list[Block] = [
    _in_short(
        "Tome todo su antibiótico, aunque se sienta mejor.",
        "Haga sus ejercicios de respiración varias veces al día.",
        "Descanse, tome líquidos y recupere sus fuerzas poco a poco.",
        "Pida ayuda rápido si le cuesta más respirar o si vuelve la fiebre.",
    ),
    _text(
        (
            "<h2>¿Qué es la neumonía?</h2>"
            "<p>La neumonía es una infección en uno o en los dos pulmones. La causan gérmenes como "
            "bacterias o virus. Los pequeños sacos de aire de los pulmones se llenan de líquido o pus. "
            "Esto dificulta la respiración. También puede causar tos, flema, fiebre y escalofríos.</p>"
            "<p>La mayoría de las personas se recuperan en casa. Pero pueden pasar semanas antes de "
            "sentirse como antes. Es normal tener cansancio por un mes o más. La tos también puede "
            "durar unas semanas.</p>"
            "<h2>Sus medicinas</h2>"
            "<p>Si la neumonía la causaron bacterias, usted tomará un antibiótico. Tome cada dosis "
            "hasta terminarlo, aunque se sienta mejor. Si lo deja antes, la infección puede volver. "
            "Avise a su equipo si la medicina le cae mal al estómago o le da sarpullido.</p>"
        ),
    ),
    _steps(
        "Cómo usar su espirómetro de incentivo",
        "Siéntese derecho en la orilla de la cama o en una silla.",
        "Sostenga el aparato derecho. Saque el aire como siempre.",
        "Cierre bien los labios alrededor de la boquilla.",
        "Inhale despacio y lo más profundo que pueda. Trate de subir el marcador hasta su meta.",
        "Aguante la respiración de 3 a 5 segundos. Luego saque el aire despacio.",
        (
            "Descanse y repita. Trate de hacer 10 respiraciones cada hora durante el día, o como le "
            "indique su equipo."
        ),
        "Después de cada serie, respire hondo y tosa para sacar la flema.",
    ),
    _text(
        (
            "<p>Si no tiene espirómetro, respire lento y profundo varias veces cada hora. Si le falta "
            "el aire, pruebe la respiración con labios fruncidos. Tome aire por la nariz. Luego sáquelo "
            "despacio con los labios fruncidos, como si apagara una vela.</p>"
        ),
    ),
    _do_dont(
        dos=[
            "Tome muchos líquidos, a menos que su equipo le haya dado un límite de líquidos.",
            "Descanse y aumente la actividad poco a poco.",
            "Lávese las manos a menudo y cúbrase al toser.",
            (
                "Póngase la vacuna contra la gripe cada año. Pregunte por las vacunas contra la "
                "neumonía, el COVID-19 y el VRS."
            ),
            "Vaya a su cita de seguimiento.",
        ],
        donts=[
            "No fume y aléjese del humo.",
            "No guarde para después las pastillas de antibiótico que sobren.",
            "No tome medicina para la tos sin preguntar a su equipo. La tos ayuda a limpiar los pulmones.",
        ],
    ),
    _checklist(
        "Mi revisión diaria",
        "Tomé mis dosis de antibiótico a tiempo.",
        "Hice mis ejercicios de respiración.",
        "Tomé líquidos durante el día.",
        "Me tomé la temperatura.",
        "Descansé y, si pude, caminé un poco.",
        "Me fijé si mi respiración estaba mejor o peor.",
    ),
    _care_card(
        "emergency",
        "Mucha dificultad para respirar, o respiración muy rápida",
        "Labios o puntas de los dedos azulados o grises",
        "Dolor en el pecho nuevo o que empeora",
        "Confusión nueva, o mucha dificultad para despertar",
        "Hinchazón de la cara, los labios o la lengua",
        "Tos con mucha sangre",
    ),
    _care_card(
        "urgent",
        "Fiebre que vuelve, o que dura más de 2 a 3 días después de empezar el antibiótico",
        "Respiración que empeora en lugar de mejorar",
        "Hilos de sangre en la flema",
        "Vómito, o no puede retener la medicina",
        "Sarpullido o diarrea fuerte por el antibiótico",
        "Más debilidad cada día",
    ),
    _care_card(
        "routine",
        "Tos leve que dura unas semanas",
        "Cansancio por varias semanas",
        "Preguntas sobre sus vacunas",
        "Preguntas sobre cuándo volver al trabajo",
    ),
    _questions(
        "Preguntas para su equipo de salud",
        "¿Qué causó mi neumonía?",
        "¿Por cuánto tiempo debo tomar el antibiótico?",
        "¿Cuándo debería empezar a sentirme mejor?",
        "¿Necesito otra radiografía del pecho?",
        "¿Qué vacunas debo ponerme y cuándo?",
        "¿Cuándo puedo volver al trabajo o a mis actividades de siempre?",
    ),
    _faq(
        (
            "¿La neumonía se contagia?",
            (
                "Algunos gérmenes que causan neumonía se pueden contagiar al toser o estornudar. "
                "Cúbrase al toser y lávese las manos a menudo. Pregunte a su equipo si debe alejarse de "
                "otras personas por un tiempo."
            ),
        ),
    ),
]


# ------------------------------------------------------------------------------------------------
# Care-setting pages
# ------------------------------------------------------------------------------------------------

# snf
_SNF: list[Block] = [
    _in_short(
        "A skilled nursing facility (SNF) gives daily nursing care and therapy after a hospital stay.",
        "The goal is to get strong enough to go home safely.",
        "Bring comfortable clothes, good shoes and a medicine list.",
        "Medicare may pay for part of the stay. Ask the liaison what applies to you.",
    ),
    _text(
        (
            "<h2>What is a skilled nursing facility?</h2>"
            "<p>A skilled nursing facility, or SNF, gives nursing care and therapy every day. It is for "
            "people who are not ready to go home after a hospital stay. Many stay a few days to a few "
            "weeks. A short stay here is not the same as living in a nursing home.</p>"
            "<h2>Who is there</h2>"
            "<ul>"
            "<li>Nurses and nurse aides, day and night</li>"
            "<li>A doctor or nurse practitioner who visits</li>"
            "<li>Physical, occupational and speech therapists</li>"
            "<li>A social worker who helps plan the move home</li>"
            "</ul>"
            "<h2>A typical day</h2>"
            "<p>Days follow a routine. Staff help with getting up, washing and dressing. Meals are in a "
            "dining room or in the room. Therapy is often once or twice a day, most days of the week. "
            "Nurses give medicines and check things like wounds and breathing. There is time to rest "
            "and have visitors.</p>"
            "<p>In the first days, the team writes a care plan. Ask to join the care plan meeting.</p>"
        ),
    ),
    _checklist(
        "What to bring",
        "Comfortable clothes for 5 to 7 days, labeled with your loved one's name",
        "Shoes with backs and non-slip soles",
        "Glasses, hearing aids, dentures and their cases",
        "A walker, cane or brace, if they use one",
        "A list of medicines and allergies",
        "Insurance cards and a photo ID",
        "A copy of any advance directive",
        "A phone and a charger",
    ),
    _steps(
        "The first few days",
        "Meet the nurse. Ask who to call with questions.",
        "Check that the medicine list matches what the hospital sent.",
        "Ask when the care plan meeting is, and go to it.",
        "Start planning for home early. Ask what help your loved one will need.",
    ),
    _text(
        (
            "<h2>How Medicare may help pay</h2>"
            "<p>Original Medicare Part A may cover a SNF stay if your loved one meets its rules. First, "
            "there must be a qualifying hospital stay. This means at least 3 days in a row as an "
            "inpatient. The day they leave the hospital does not count. An observation stay does not "
            "count either. They must also need skilled care every day, and usually go to the SNF within "
            "30 days of leaving the hospital.</p>"
            "<ul>"
            "<li>Days 1 to 20: no daily coinsurance for covered care</li>"
            "<li>Days 21 to 100: a daily coinsurance amount</li>"
            "<li>After day 100: you pay all costs</li>"
            "</ul>"
            "<p>These 100 days are per benefit period. Coverage ends sooner if daily skilled care is no "
            "longer needed. Medicare Advantage plans have their own rules. They may need approval "
            "before the stay. Rules can change. Ask the liaison or call 1-800-MEDICARE (1-800-633-4227) "
            "about your own case. TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "What if we think the stay is ending too soon?",
            (
                "Before Medicare-covered care ends, you should get a written notice. It explains how to "
                "ask for a fast appeal. Follow the steps on the notice right away. The liaison can help."
            ),
        ),
    ),
    _warning(
        "In an emergency",
        (
            "Staff are trained to act fast and will call 911 when needed. If you see any of these signs "
            "during a visit, tell a nurse right away. If no one comes, call 911."
        ),
    ),
    _care_card(
        "emergency",
        "Chest pain or pressure",
        "Very bad trouble breathing",
        "Signs of stroke: face drooping, arm weakness, trouble speaking",
        "Passing out, or being very hard to wake up",
        "Heavy bleeding",
    ),
    _care_card(
        "urgent",
        "New pain, or pain that is not well controlled",
        "Eating or drinking much less than usual",
        "A new sore or red spot on the skin",
        "More confused than usual",
        "A fall, even if there seems to be no injury",
    ),
    _questions(
        "Questions to ask the SNF team",
        "Who is our main contact each day?",
        "How often will therapy happen?",
        "When is the care plan meeting?",
        "What will Medicare or our plan cover, and for how long?",
        "What is the plan for going home?",
    ),
]

_SNF_ES: list[Block] = [
    _in_short(
        (
            "Un centro de enfermería especializada (SNF, por sus siglas en inglés) da atención de "
            "enfermería y terapia todos los días después del hospital."
        ),
        "La meta es que su ser querido recupere fuerzas para volver a casa de forma segura.",
        "Lleve ropa cómoda, buenos zapatos y una lista de medicinas.",
        "Medicare puede pagar parte de la estadía. Pregunte a la persona de enlace qué aplica en su caso.",
    ),
    _text(
        (
            "<h2>¿Qué es un centro de enfermería especializada?</h2>"
            "<p>Un centro de enfermería especializada, o SNF, da atención de enfermería y terapia todos "
            "los días. Es para personas que todavía no están listas para volver a casa después del "
            "hospital. Muchas se quedan de unos días a unas semanas. Una estadía corta aquí no es lo "
            "mismo que vivir en un hogar de ancianos.</p>"
            "<h2>Quién trabaja allí</h2>"
            "<ul>"
            "<li>Enfermeras y asistentes de enfermería, de día y de noche</li>"
            "<li>Un médico o una enfermera practicante que hace visitas</li>"
            "<li>Fisioterapeutas, terapeutas ocupacionales y terapeutas del habla</li>"
            "<li>Un trabajador social que ayuda a planear el regreso a casa</li>"
            "</ul>"
            "<h2>Un día típico</h2>"
            "<p>Los días siguen una rutina. El personal ayuda a levantarse, asearse y vestirse. Las "
            "comidas se sirven en el comedor o en la habitación. La terapia suele ser una o dos veces "
            "al día, casi todos los días de la semana. Las enfermeras dan las medicinas y revisan cosas "
            "como las heridas y la respiración. Hay tiempo para descansar y recibir visitas.</p>"
            "<p>En los primeros días, el equipo prepara un plan de cuidado. Pida participar en la "
            "reunión del plan de cuidado.</p>"
        ),
    ),
    _checklist(
        "Qué llevar",
        "Ropa cómoda para 5 a 7 días, marcada con el nombre de su ser querido",
        "Zapatos con talón cerrado y suela antideslizante",
        "Lentes, aparatos auditivos, dentadura postiza y sus estuches",
        "Un andador, bastón o aparato ortopédico, si lo usa",
        "Una lista de medicinas y alergias",
        "Tarjetas de seguro e identificación con foto",
        "Una copia de la directiva anticipada, si tiene una",
        "Un teléfono y su cargador",
    ),
    _steps(
        "Los primeros días",
        "Conozca a la enfermera. Pregunte a quién llamar si tiene dudas.",
        "Revise que la lista de medicinas coincida con la que envió el hospital.",
        "Pregunte cuándo es la reunión del plan de cuidado y vaya.",
        (
            "Empiece a planear el regreso a casa desde el principio. Pregunte qué ayuda va a necesitar "
            "su ser querido."
        ),
    ),
    _text(
        (
            "<h2>Cómo puede ayudar a pagar Medicare</h2>"
            "<p>La Parte A de Medicare Original puede cubrir una estadía en un SNF si su ser querido "
            "cumple las reglas. Primero debe haber una estadía en el hospital que califique. Esto "
            "quiere decir al menos 3 días seguidos como paciente internado. El día en que sale del "
            "hospital no cuenta. Una estadía en observación tampoco cuenta. Además, debe necesitar "
            "cuidado especializado todos los días. Por lo general, debe ingresar al SNF dentro de los "
            "30 días después de salir del hospital.</p>"
            "<ul>"
            "<li>Días 1 a 20: no hay coseguro diario por la atención cubierta</li>"
            "<li>Días 21 a 100: hay un coseguro diario</li>"
            "<li>Después del día 100: usted paga todos los costos</li>"
            "</ul>"
            "<p>Estos 100 días son por cada período de beneficios. La cobertura termina antes si ya no "
            "se necesita cuidado especializado diario. Los planes Medicare Advantage tienen sus propias "
            "reglas. Es posible que tengan que aprobar la estadía antes. Las reglas pueden cambiar. "
            "Para saber sobre su caso, pregunte a la persona de enlace o llame al 1-800-MEDICARE "
            "(1-800-633-4227). TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "¿Qué pasa si creemos que la estadía termina demasiado pronto?",
            (
                "Antes de que termine la atención cubierta por Medicare, deben darle un aviso por "
                "escrito. El aviso explica cómo pedir una apelación rápida. Siga los pasos del aviso de "
                "inmediato. La persona de enlace puede ayudarle."
            ),
        ),
    ),
    _warning(
        "En caso de emergencia",
        (
            "El personal está capacitado para actuar rápido y llamará al 911 cuando haga falta. Si "
            "durante una visita ve alguna de estas señales, avise a una enfermera de inmediato. Si "
            "nadie viene, llame al 911."
        ),
    ),
    _care_card(
        "emergency",
        "Dolor o presión en el pecho",
        "Mucha dificultad para respirar",
        "Señales de derrame cerebral: cara caída, debilidad en un brazo, dificultad para hablar",
        "Desmayo, o mucha dificultad para despertar",
        "Sangrado abundante",
    ),
    _care_card(
        "urgent",
        "Dolor nuevo, o dolor que no está bien controlado",
        "Come o bebe mucho menos de lo normal",
        "Una llaga nueva o una mancha roja en la piel",
        "Más confusión de lo normal",
        "Una caída, aunque no parezca haber lesión",
    ),
    _questions(
        "Preguntas para el equipo del SNF",
        "¿Quién es nuestro contacto principal cada día?",
        "¿Con qué frecuencia tendrá terapia?",
        "¿Cuándo es la reunión del plan de cuidado?",
        "¿Qué cubrirá Medicare o nuestro plan, y por cuánto tiempo?",
        "¿Cuál es el plan para volver a casa?",
    ),
]

# irf
_IRF: list[Block] = [
    _in_short(
        "Inpatient rehab is for people who can do a lot of therapy each day.",
        "You will usually have about 3 hours of therapy a day, at least 5 days a week.",
        "A rehab doctor and a team guide your care and set goals with you.",
        "Medicare may cover it if your doctor says you need it.",
    ),
    _text(
        (
            "<h2>What is inpatient rehab?</h2>"
            "<p>An inpatient rehab facility (IRF) is a hospital, or a unit in a hospital, for intense "
            "therapy. It helps people recover after a stroke, a brain or spine injury, a joint "
            "replacement or another serious illness. You stay there day and night. Many stays last 1 to "
            "3 weeks.</p>"
            "<h2>Who is there</h2>"
            "<ul>"
            "<li>A rehab doctor who sees you often, usually at least 3 days a week</li>"
            "<li>Rehab nurses, day and night</li>"
            "<li>Physical, occupational and speech therapists</li>"
            "<li>A case manager or social worker</li>"
            "</ul>"
            "<h2>A typical day</h2>"
            "<p>Days are busy. You get up, wash and dress with help from staff. This is part of your "
            "therapy too. You go to therapy in the gym or in your room. You may have a few sessions in "
            "the morning and a few in the afternoon. There are breaks to rest and eat. Family can often "
            "come and watch.</p>"
            "<p>Each week, the team meets to check your progress toward your goals. They talk about "
            "when you can go home and what help you will need.</p>"
        ),
    ),
    _checklist(
        "What to bring",
        "Loose, comfortable clothes for therapy, like sweatpants and T-shirts, for about a week",
        "Sneakers or other shoes with backs and non-slip soles",
        "Glasses, hearing aids and dentures",
        "A list of your medicines and allergies",
        "Your insurance cards and a photo ID",
        "Your phone, a charger and important phone numbers",
    ),
    _steps(
        "Get the most from your stay",
        "Tell the team your goals. What do you most want to do again?",
        "Go to every therapy session, even when you feel tired.",
        "Practice what you learn, like dressing and walking, with staff.",
        "Ask your family to come to a training session.",
        "Plan early for home. Ask what equipment or help you will need.",
    ),
    _text(
        (
            "<h2>How Medicare may help pay</h2>"
            "<p>Original Medicare Part A may cover inpatient rehab if your doctor says it is medically "
            "needed. You must need intense therapy and close care from a rehab doctor. You must also be "
            "able to take part in therapy.</p>"
            "<p>Costs work much like a hospital stay. You usually pay a deductible for each benefit "
            "period. If you already paid it for a hospital stay in the same benefit period, you usually "
            "do not pay it again. Very long stays may also have a daily coinsurance.</p>"
            "<p>Medicare Advantage plans have their own rules. They may need approval before the stay. "
            "Rules can change. Ask the liaison or call 1-800-MEDICARE (1-800-633-4227) about your own "
            "case. TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "What if I cannot do 3 hours of therapy a day?",
            (
                "Tell your team. They may change your schedule. If you need a slower pace, a skilled "
                "nursing facility may be a better fit. The liaison can help you compare."
            ),
        ),
    ),
    _warning(
        "Use your call button",
        (
            "If you have any of these signs, press your call button or call out for help right away. "
            "Family who see these signs should tell a nurse at once."
        ),
    ),
    _care_card(
        "emergency",
        "Chest pain or pressure",
        "Very bad trouble breathing",
        "Signs of stroke: face drooping, arm weakness, trouble speaking",
        "Fainting",
        "A fall where you hit your head",
    ),
    _care_card(
        "urgent",
        "Pain that keeps you from doing therapy",
        "Feeling too tired or sick to take part",
        "A new sore or red spot on your skin",
        "Coughing or choking when you eat or drink",
        "Feeling very sad or worried",
    ),
    _questions(
        "Questions to ask the rehab team",
        "What are my goals, and how will you measure them?",
        "How many hours of therapy will I get each day?",
        "Who is my rehab doctor?",
        "When is the team meeting, and can my family join?",
        "When do you think I can go home?",
        "What equipment or help will I need at home?",
    ),
]

_IRF_ES: list[Block] = [
    _in_short(
        (
            "La rehabilitación para pacientes internados es para personas que pueden hacer mucha "
            "terapia cada día."
        ),
        "Por lo general tendrá unas 3 horas de terapia al día, al menos 5 días a la semana.",
        "Un médico de rehabilitación y un equipo guían su atención y fijan metas con usted.",
        "Medicare puede cubrirla si su médico dice que usted la necesita.",
    ),
    _text(
        (
            "<h2>¿Qué es la rehabilitación para pacientes internados?</h2>"
            "<p>Un centro de rehabilitación para pacientes internados (IRF, por sus siglas en inglés) "
            "es un hospital, o una unidad de un hospital, donde se hace mucha terapia cada día. Ayuda a "
            "recuperarse después de un derrame cerebral, una lesión del cerebro o de la columna, un "
            "reemplazo de articulación u otra enfermedad grave. Usted se queda allí de día y de noche. "
            "Muchas estadías duran de 1 a 3 semanas.</p>"
            "<h2>Quién trabaja allí</h2>"
            "<ul>"
            "<li>Un médico de rehabilitación que le ve a menudo, por lo general al menos 3 días a la "
            "semana</li>"
            "<li>Enfermeras de rehabilitación, de día y de noche</li>"
            "<li>Fisioterapeutas, terapeutas ocupacionales y terapeutas del habla</li>"
            "<li>Un coordinador de casos o un trabajador social</li>"
            "</ul>"
            "<h2>Un día típico</h2>"
            "<p>Los días son muy activos. Usted se levanta, se asea y se viste con ayuda del personal. "
            "Esto también es parte de su terapia. Va a terapia en el gimnasio o en su habitación. Puede "
            "tener varias sesiones en la mañana y otras en la tarde. Hay descansos para reposar y "
            "comer. La familia a menudo puede venir a mirar.</p>"
            "<p>Cada semana, el equipo se reúne para revisar su avance hacia sus metas. Hablan de "
            "cuándo puede volver a casa y de qué ayuda va a necesitar.</p>"
        ),
    ),
    _checklist(
        "Qué llevar",
        "Ropa cómoda y suelta para la terapia, como ropa deportiva y camisetas, para una semana",
        "Tenis u otros zapatos con talón cerrado y suela antideslizante",
        "Lentes, aparatos auditivos y dentadura postiza",
        "Una lista de sus medicinas y alergias",
        "Sus tarjetas de seguro e identificación con foto",
        "Su teléfono, su cargador y números de teléfono importantes",
    ),
    _steps(
        "Aproveche al máximo su estadía",
        "Dígale al equipo sus metas. ¿Qué es lo que más quiere volver a hacer?",
        "Vaya a todas las sesiones de terapia, aunque tenga cansancio.",
        "Practique con el personal lo que aprende, como vestirse y caminar.",
        "Pida a su familia que venga a una sesión de entrenamiento.",
        "Planee desde temprano su regreso a casa. Pregunte qué equipo o ayuda va a necesitar.",
    ),
    _text(
        (
            "<h2>Cómo puede ayudar a pagar Medicare</h2>"
            "<p>La Parte A de Medicare Original puede cubrir la rehabilitación para pacientes "
            "internados si su médico dice que es médicamente necesaria. Usted debe necesitar terapia "
            "intensa y atención cercana de un médico de rehabilitación. También debe poder participar "
            "en la terapia.</p>"
            "<p>Los costos funcionan casi igual que en una estadía en el hospital. Por lo general, "
            "usted paga un deducible por cada período de beneficios. Si ya lo pagó por una estadía en "
            "el hospital en el mismo período de beneficios, por lo general no lo paga otra vez. Las "
            "estadías muy largas también pueden tener un coseguro diario.</p>"
            "<p>Los planes Medicare Advantage tienen sus propias reglas. Es posible que tengan que "
            "aprobar la estadía antes. Las reglas pueden cambiar. Para saber sobre su caso, pregunte a "
            "la persona de enlace o llame al 1-800-MEDICARE (1-800-633-4227). TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "¿Qué pasa si no puedo hacer 3 horas de terapia al día?",
            (
                "Dígaselo a su equipo. Pueden cambiar su horario. Si necesita un ritmo más lento, un "
                "centro de enfermería especializada puede ser una mejor opción. La persona de enlace "
                "puede ayudarle a comparar."
            ),
        ),
    ),
    _warning(
        "Use el botón de llamada",
        (
            "Si tiene alguna de estas señales, oprima el botón de llamada o pida ayuda en voz alta de "
            "inmediato. Si un familiar ve estas señales, debe avisar a una enfermera enseguida."
        ),
    ),
    _care_card(
        "emergency",
        "Dolor o presión en el pecho",
        "Mucha dificultad para respirar",
        "Señales de derrame cerebral: cara caída, debilidad en un brazo, dificultad para hablar",
        "Desmayo",
        "Una caída en la que se golpea la cabeza",
    ),
    _care_card(
        "urgent",
        "Dolor que no le deja hacer la terapia",
        "Demasiado cansancio o malestar para participar",
        "Una llaga nueva o una mancha roja en la piel",
        "Tos o atragantamiento al comer o beber",
        "Mucha tristeza o preocupación",
    ),
    _questions(
        "Preguntas para el equipo de rehabilitación",
        "¿Cuáles son mis metas y cómo van a medir mi avance?",
        "¿Cuántas horas de terapia tendré cada día?",
        "¿Quién es mi médico de rehabilitación?",
        "¿Cuándo es la reunión del equipo? ¿Puede venir mi familia?",
        "¿Cuándo creen que podré volver a casa?",
        "¿Qué equipo o ayuda voy a necesitar en casa?",
    ),
]

# home_health
_HOME_HEALTH: list[Block] = [
    _in_short(
        "Nurses and therapists visit you at home on a set schedule.",
        "They do not stay all day. Family or other helpers fill the gaps.",
        "Medicare may cover it if you are homebound and need skilled care part-time.",
        "Keep the agency's phone number by your phone.",
    ),
    _text(
        (
            "<h2>What is home health care?</h2>"
            "<p>Home health care is short-term care in your home after an illness, injury or hospital "
            "stay. A home health agency sends staff to you. Your doctor orders the care and signs a "
            "care plan. Staff come a few times a week, not every day. A visit often lasts less than an "
            "hour.</p>"
            "<h2>Who may visit</h2>"
            "<ul>"
            "<li>A nurse, to check your health, teach you about medicines and care for wounds</li>"
            "<li>A physical therapist, to help you walk and move safely</li>"
            "<li>An occupational therapist, to help with daily tasks like bathing</li>"
            "<li>A speech therapist, for talking or swallowing problems</li>"
            "<li>A home health aide, to help with bathing while you get skilled care</li>"
            "</ul>"
            "<h2>What a visit is like</h2>"
            "<p>The first visit is often the longest. The nurse or therapist asks about your health and "
            "your goals. They check your medicines and look at your home for safety. Later visits are "
            "shorter. The nurse may check your weight, your wounds and how you feel. The therapist "
            "teaches you exercises to do between visits.</p>"
            "<p>Between visits, you and your family do the daily care. Write down questions for the "
            "next visit.</p>"
        ),
    ),
    _checklist(
        "Have these ready for the first visit",
        "All your pill bottles, including vitamins and store-bought medicines",
        "Your hospital discharge papers",
        "Your insurance cards and a photo ID",
        "A list of your doctors and their phone numbers",
        "A clear, well-lit path to your door",
    ),
    _steps(
        "Getting started",
        "Make sure the agency has your correct address and phone number.",
        "Expect a call to set up the first visit, often within a day or two of coming home.",
        "If no one calls within 2 days, call the agency or the liaison.",
        "Be home for visits. Call the agency if you need to change a time.",
        "Do your exercises and follow your care plan between visits.",
    ),
    _text(
        (
            "<h2>How Medicare may help pay</h2>"
            "<p>Original Medicare may cover home health care if all of these are true:</p>"
            "<ul>"
            "<li>You are homebound. This means leaving home takes a major effort.</li>"
            "<li>You need skilled nursing or therapy on a part-time basis.</li>"
            "<li>A doctor or other provider has seen you about the reason you need care, and signs your "
            "plan.</li>"
            "<li>The agency is approved by Medicare.</li>"
            "</ul>"
            "<p>You can still be homebound if you leave home for medical care, religious services or "
            "adult day care. Short trips now and then, like to the barber, are also OK.</p>"
            "<p>If you qualify, you usually pay nothing for covered home health visits. For durable "
            "medical equipment, like a walker, you usually pay 20% of the Medicare-approved amount. "
            "Medicare does not pay for care around the clock, or for help with chores only. Medicare "
            "Advantage plans have their own rules. Rules can change. Ask the liaison or call "
            "1-800-MEDICARE (1-800-633-4227) about your own case. TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "Can I choose my agency?",
            (
                "Yes. You can choose any agency that serves your area and takes your insurance. The "
                "liaison can give you a list."
            ),
        ),
    ),
    _care_card(
        "emergency",
        "Chest pain or pressure",
        "Very bad trouble breathing",
        "Signs of stroke: face drooping, arm weakness, trouble speaking",
        "Passing out, or being very hard to wake up",
        "Heavy bleeding",
    ),
    _care_card(
        "urgent",
        "A wound that is red, warm, swollen or draining",
        "A fever or chills",
        "New or worse swelling in your legs",
        "Problems or side effects from your medicines",
        "A fall, even if you seem OK",
        "You are running out of supplies or medicine",
    ),
    _questions(
        "Questions to ask the agency",
        "How often will staff come, and for how long?",
        "Who do I call after hours?",
        "What should I do between visits?",
        "What are my goals, and when will home health care end?",
        "What help will I need after it ends?",
        "Do I need any equipment, and who orders it?",
    ),
]

_HOME_HEALTH_ES: list[Block] = [
    _in_short(
        "Enfermeras y terapeutas le visitan en casa según un horario fijo.",
        "No se quedan todo el día. La familia u otras personas ayudan el resto del tiempo.",
        (
            "Medicare puede cubrirlo si usted está confinado en el hogar y necesita cuidado "
            "especializado a tiempo parcial."
        ),
        "Tenga el número de la agencia junto a su teléfono.",
    ),
    _text(
        (
            "<h2>¿Qué es el cuidado de la salud en el hogar?</h2>"
            "<p>Es atención por poco tiempo en su casa después de una enfermedad, una lesión o una "
            "estadía en el hospital. Una agencia de cuidado de la salud en el hogar envía personal a su "
            "casa. Su médico ordena la atención y firma un plan de cuidado. El personal viene algunas "
            "veces por semana, no todos los días. Una visita suele durar menos de una hora.</p>"
            "<h2>Quién puede visitarle</h2>"
            "<ul>"
            "<li>Una enfermera, para revisar su salud, enseñarle sobre sus medicinas y curar "
            "heridas</li>"
            "<li>Un fisioterapeuta, para ayudarle a caminar y moverse con seguridad</li>"
            "<li>Un terapeuta ocupacional, para ayudarle con tareas diarias como bañarse</li>"
            "<li>Un terapeuta del habla, para problemas al hablar o tragar</li>"
            "<li>Un asistente de salud en el hogar, para ayudarle a bañarse mientras recibe cuidado "
            "especializado</li>"
            "</ul>"
            "<h2>Cómo es una visita</h2>"
            "<p>La primera visita suele ser la más larga. La enfermera o el terapeuta le pregunta sobre "
            "su salud y sus metas. Revisa sus medicinas y ve si su casa es segura. Las siguientes "
            "visitas son más cortas. La enfermera puede revisar su peso, sus heridas y cómo se siente. "
            "El terapeuta le enseña ejercicios para hacer entre visitas.</p>"
            "<p>Entre visitas, usted y su familia se encargan del cuidado diario. Anote sus preguntas "
            "para la próxima visita.</p>"
        ),
    ),
    _checklist(
        "Tenga esto listo para la primera visita",
        "Todos sus frascos de medicinas, incluidas las vitaminas y las medicinas que compra en la tienda",
        "Sus instrucciones de alta del hospital",
        "Sus tarjetas de seguro e identificación con foto",
        "Una lista de sus médicos y sus teléfonos",
        "Un camino despejado y bien iluminado hasta su puerta",
    ),
    _steps(
        "Para empezar",
        "Asegúrese de que la agencia tenga su dirección y su teléfono correctos.",
        "Espere una llamada para fijar la primera visita, a menudo uno o dos días después de llegar a casa.",
        "Si nadie le llama en 2 días, llame a la agencia o a la persona de enlace.",
        "Esté en casa para las visitas. Llame a la agencia si necesita cambiar la hora.",
        "Haga sus ejercicios y siga su plan de cuidado entre visitas.",
    ),
    _text(
        (
            "<h2>Cómo puede ayudar a pagar Medicare</h2>"
            "<p>Medicare Original puede cubrir el cuidado de la salud en el hogar si se cumple todo lo "
            "siguiente:</p>"
            "<ul>"
            "<li>Usted está confinado en el hogar. Esto quiere decir que salir de casa le cuesta un "
            "gran esfuerzo.</li>"
            "<li>Necesita enfermería especializada o terapia a tiempo parcial.</li>"
            "<li>Un médico u otro proveedor le atendió por el motivo por el que necesita el cuidado, y "
            "firma su plan.</li>"
            "<li>La agencia está aprobada por Medicare.</li>"
            "</ul>"
            "<p>Puede seguir confinado en el hogar aunque salga para citas médicas, servicios "
            "religiosos o un centro de día para adultos. También puede hacer salidas cortas de vez en "
            "cuando, como ir a la peluquería.</p>"
            "<p>Si califica, por lo general no paga nada por las visitas cubiertas. Por el equipo "
            "médico duradero, como un andador, por lo general paga el 20% de la cantidad aprobada por "
            "Medicare. Medicare no paga por cuidado las 24 horas ni por ayuda solo con las tareas de la "
            "casa. Los planes Medicare Advantage tienen sus propias reglas. Las reglas pueden cambiar. "
            "Para saber sobre su caso, pregunte a la persona de enlace o llame al 1-800-MEDICARE "
            "(1-800-633-4227). TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "¿Puedo elegir mi agencia?",
            (
                "Sí. Puede elegir cualquier agencia que dé servicio en su zona y acepte su seguro. La "
                "persona de enlace puede darle una lista."
            ),
        ),
    ),
    _care_card(
        "emergency",
        "Dolor o presión en el pecho",
        "Mucha dificultad para respirar",
        "Señales de derrame cerebral: cara caída, debilidad en un brazo, dificultad para hablar",
        "Desmayo, o mucha dificultad para despertar",
        "Sangrado abundante",
    ),
    _care_card(
        "urgent",
        "Una herida roja, caliente, hinchada o que supura",
        "Fiebre o escalofríos",
        "Hinchazón nueva o peor en las piernas",
        "Problemas o efectos secundarios de sus medicinas",
        "Una caída, aunque parezca estar bien",
        "Se le están acabando los suministros o las medicinas",
    ),
    _questions(
        "Preguntas para la agencia",
        "¿Con qué frecuencia vendrá el personal y por cuánto tiempo?",
        "¿A quién llamo fuera del horario de oficina?",
        "¿Qué debo hacer entre visitas?",
        "¿Cuáles son mis metas y cuándo terminará el cuidado en el hogar?",
        "¿Qué ayuda voy a necesitar cuando termine?",
        "¿Necesito algún equipo? ¿Quién lo ordena?",
    ),
]

# hospice
_HOSPICE: list[Block] = [
    _in_short(
        "Hospice focuses on comfort, not on curing the illness.",
        "Most hospice care happens at home. Family gives most of the daily care.",
        "A hospice nurse is on call day and night. Call the hospice first.",
        "Medicare covers hospice when a doctor expects life to last 6 months or less.",
    ),
    _text(
        (
            "<h2>What is hospice?</h2>"
            "<p>Hospice is care for a person with an illness that cannot be cured. The goal is comfort "
            "and the best quality of life for the time that is left. The team treats pain, shortness of "
            "breath, worry and other symptoms. They also support the family.</p>"
            "<p>Hospice care comes to where your loved one lives. This may be a home, an assisted "
            "living or a nursing home. Choosing hospice does not mean giving up. It means choosing "
            "comfort.</p>"
            "<h2>Who is on the hospice team</h2>"
            "<ul>"
            "<li>A hospice doctor, who works with your loved one's own doctor</li>"
            "<li>Nurses, who visit and are on call 24 hours a day</li>"
            "<li>Aides, who help with bathing and personal care</li>"
            "<li>A social worker, and a chaplain if you want one</li>"
            "<li>Trained volunteers and grief support staff</li>"
            "</ul>"
            "<h2>A typical week</h2>"
            "<p>Hospice staff do not stay all day. A nurse visits on a set schedule, often once or a "
            "few times a week. Visits go up when needs go up. Family or other caregivers give most of "
            "the daily care. The hospice brings medicines, supplies and equipment for the illness, like "
            "a hospital bed or oxygen.</p>"
        ),
    ),
    _warning(
        "Call the hospice first",
        (
            "Call the hospice line before you call 911, day or night. The nurse can talk you through "
            "the problem or come to the home. A 911 call may lead to hospital care your loved one did "
            "not want."
        ),
    ),
    _care_card(
        "urgent",
        "Pain that the medicines you have do not control",
        "Trouble breathing, or your loved one seems panicked",
        "New restlessness or confusion",
        "A fall",
        "Your loved one cannot swallow their medicines",
        "Your loved one is not passing urine",
    ),
    _care_card(
        "emergency",
        "A fire, a gas leak or another danger in the home",
        "A caregiver or another person in the home is badly hurt or suddenly very sick",
        "Someone is in danger and you cannot reach the hospice",
    ),
    _checklist(
        "Have these ready at home",
        "The hospice phone number by every phone",
        "A list of current medicines and allergies",
        "Your loved one's advance directive and any DNR or POLST form",
        "Comfort items, like a favorite blanket, photos or music",
    ),
    _steps(
        "Getting started with hospice",
        "Talk with your loved one about their wishes, if they are able.",
        "Meet the hospice nurse. Ask who to call, and when.",
        "Go over the medicines. Ask which ones to stop and which ones to use for comfort.",
        "Ask about respite care if you need a break.",
    ),
    _text(
        (
            "<h2>How Medicare may help pay</h2>"
            "<p>Medicare Part A covers hospice when the hospice doctor and your loved one's own doctor, "
            "if they have one, certify a terminal illness. This means a life expectancy of 6 months or "
            "less if the illness runs its usual course. Your loved one chooses comfort care instead of "
            "treatment to cure the illness.</p>"
            "<ul>"
            "<li>Hospice care for the terminal illness usually costs nothing.</li>"
            "<li>There may be a copay of up to $5 for each drug for pain and symptoms.</li>"
            "<li>Room and board, such as in a nursing home, is usually not covered.</li>"
            "</ul>"
            "<p>Hospice can go on past 6 months if the doctor certifies the illness again. Your loved "
            "one can stop hospice at any time. Rules can change. Ask the liaison or call 1-800-MEDICARE "
            "(1-800-633-4227) about your own case. TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "What do we do when death happens?",
            (
                "You do not need to call 911. Call the hospice. A nurse will come and help with the "
                "next steps. Take the time you need to say goodbye."
            ),
        ),
    ),
    _questions(
        "Questions to ask the hospice",
        "What medicines and equipment will you provide?",
        "What changes should we expect as the illness goes on?",
        "Can we get respite care, and how does it work?",
        "What support is there for the family after a death?",
    ),
]

_HOSPICE_ES: list[Block] = [
    _in_short(
        "El hospicio se enfoca en la comodidad, no en curar la enfermedad.",
        "Casi todo el cuidado de hospicio se da en casa. La familia da la mayor parte del cuidado diario.",
        "Una enfermera del hospicio está disponible de día y de noche. Llame primero al hospicio.",
        "Medicare cubre el hospicio cuando un médico espera que la vida dure 6 meses o menos.",
    ),
    _text(
        (
            "<h2>¿Qué es el hospicio?</h2>"
            "<p>El hospicio es atención para una persona con una enfermedad que no tiene cura. La meta "
            "es la comodidad y la mejor calidad de vida en el tiempo que queda. El equipo trata el "
            "dolor, la falta de aire, la angustia y otros síntomas. También apoya a la familia.</p>"
            "<p>El cuidado de hospicio llega a donde vive su ser querido. Puede ser una casa, una "
            "residencia asistida o un hogar de ancianos. Elegir el hospicio no significa rendirse. "
            "Significa elegir la comodidad.</p>"
            "<h2>Quién forma el equipo de hospicio</h2>"
            "<ul>"
            "<li>Un médico del hospicio, que trabaja con el médico de su ser querido</li>"
            "<li>Enfermeras, que hacen visitas y están disponibles las 24 horas</li>"
            "<li>Asistentes, que ayudan con el baño y el cuidado personal</li>"
            "<li>Un trabajador social, y un capellán si usted lo desea</li>"
            "<li>Voluntarios capacitados y personal de apoyo en el duelo</li>"
            "</ul>"
            "<h2>Una semana típica</h2>"
            "<p>El personal del hospicio no se queda todo el día. Una enfermera hace visitas con un "
            "horario fijo, a menudo una o varias veces por semana. Las visitas aumentan cuando aumentan "
            "las necesidades. La familia u otros cuidadores dan la mayor parte del cuidado diario. El "
            "hospicio trae medicinas, suministros y equipo para la enfermedad, como una cama de "
            "hospital u oxígeno.</p>"
        ),
    ),
    _warning(
        "Llame primero al hospicio",
        (
            "Llame a la línea del hospicio antes de llamar al 911, de día o de noche. La enfermera "
            "puede guiarle por teléfono o ir a la casa. Una llamada al 911 puede llevar a una atención "
            "en el hospital que su ser querido no quería."
        ),
    ),
    _care_card(
        "urgent",
        "Dolor que no se controla con las medicinas que tiene",
        "Dificultad para respirar, o su ser querido parece tener pánico",
        "Inquietud o confusión nueva",
        "Una caída",
        "Su ser querido no puede tragar sus medicinas",
        "Su ser querido no está orinando",
    ),
    _care_card(
        "emergency",
        "Un incendio, una fuga de gas u otro peligro en la casa",
        "Un cuidador u otra persona en la casa tiene una lesión grave o se enferma de repente",
        "Alguien está en peligro y no puede comunicarse con el hospicio",
    ),
    _checklist(
        "Tenga esto listo en casa",
        "El número del hospicio junto a cada teléfono",
        "Una lista de las medicinas actuales y las alergias",
        "La directiva anticipada de su ser querido y cualquier formulario DNR (no resucitar) o POLST",
        "Cosas que den consuelo, como una cobija favorita, fotos o música",
    ),
    _steps(
        "Cómo empezar con el hospicio",
        "Hable con su ser querido sobre sus deseos, si puede hacerlo.",
        "Conozca a la enfermera del hospicio. Pregunte a quién llamar y cuándo.",
        "Revise las medicinas con la enfermera. Pregunte cuáles dejar y cuáles usar para la comodidad.",
        "Pregunte por el cuidado de relevo si necesita un descanso.",
    ),
    _text(
        (
            "<h2>Cómo puede ayudar a pagar Medicare</h2>"
            "<p>La Parte A de Medicare cubre el hospicio cuando el médico del hospicio y el médico de "
            "su ser querido, si tiene uno, certifican que hay una enfermedad terminal. Esto quiere "
            "decir una expectativa de vida de 6 meses o menos si la enfermedad sigue su curso normal. "
            "Su ser querido elige cuidados de confort en lugar de un tratamiento para curar la "
            "enfermedad.</p>"
            "<ul>"
            "<li>El cuidado de hospicio para la enfermedad terminal por lo general no cuesta nada.</li>"
            "<li>Puede haber un copago de hasta $5 por cada medicina para el dolor y otros "
            "síntomas.</li>"
            "<li>Por lo general no se cubren el alojamiento ni las comidas, por ejemplo en un hogar de "
            "ancianos.</li>"
            "</ul>"
            "<p>El hospicio puede seguir después de 6 meses si el médico vuelve a certificar la "
            "enfermedad. Su ser querido puede dejar el hospicio en cualquier momento. Las reglas pueden "
            "cambiar. Para saber sobre su caso, pregunte a la persona de enlace o llame al "
            "1-800-MEDICARE (1-800-633-4227). TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "¿Qué hacemos cuando llega la muerte?",
            (
                "No necesita llamar al 911. Llame al hospicio. Una enfermera vendrá y les ayudará con "
                "los siguientes pasos. Tómense el tiempo que necesiten para despedirse."
            ),
        ),
    ),
    _questions(
        "Preguntas para el hospicio",
        "¿Qué medicinas y equipo nos van a dar?",
        "¿Qué cambios debemos esperar a medida que avanza la enfermedad?",
        "¿Podemos recibir cuidado de relevo? ¿Cómo funciona?",
        "¿Qué apoyo hay para la familia después de la muerte?",
    ),
]

# ltach
_LTACH: list[Block] = [
    _in_short(
        "A long-term acute care hospital (LTACH) is for people who need hospital care for weeks.",
        "It can help people get off a breathing machine, heal serious wounds or get long IV treatment.",
        "Family can help a lot by visiting, asking questions and joining team meetings.",
        "Medicare Part A may cover it, much like a hospital stay.",
    ),
    _text(
        (
            "<h2>What is an LTACH?</h2>"
            "<p>Some people are still very sick after a stay in the intensive care unit (ICU). They no "
            "longer need the ICU, but they still need hospital care every day. An LTACH, or long-term "
            "acute care hospital, gives this care for a longer time. It may be in its own building or "
            "inside another hospital. Stays often last several weeks.</p>"
            "<p>People often go to an LTACH to:</p>"
            "<ul>"
            "<li>Come off a ventilator, or breathing machine, step by step</li>"
            "<li>Heal serious wounds</li>"
            "<li>Get IV medicines, like antibiotics, for a long time</li>"
            "</ul>"
            "<h2>Who is there</h2>"
            "<ul>"
            "<li>Doctors and specialists who check on patients often</li>"
            "<li>Nurses, day and night, many with ICU training</li>"
            "<li>Respiratory therapists, who help with breathing and ventilators</li>"
            "<li>Physical, occupational and speech therapists</li>"
            "<li>Wound care nurses and dietitians</li>"
            "<li>A social worker, who helps plan the next step</li>"
            "</ul>"
            "<h2>A typical day</h2>"
            "<p>Days follow a hospital routine. Nurses check vital signs and give medicines. A "
            "respiratory therapist may do breathing trials. These help the lungs work without the "
            "ventilator. Therapists help your loved one sit up, move and build strength, as they are "
            "able. When it is safe, the team also works on eating and talking.</p>"
            "<p>Progress can be slow, with good days and bad days. The team meets often to review "
            "goals. Ask to join these meetings.</p>"
        ),
    ),
    _checklist(
        "What to bring",
        "A list of medicines, allergies and doctors",
        "Insurance cards and a photo ID",
        "A copy of any advance directive or health care power of attorney",
        "Glasses, hearing aids and dentures, with name labels",
        "Comfort items, like family photos or a favorite blanket",
        "A notebook to write down updates and questions",
        "Phone numbers of family members who should get updates",
    ),
    _steps(
        "How family can help",
        "Choose one family member to be the main contact with the team.",
        "Ask the team how to talk with your loved one if they cannot speak.",
        "Visit when you can. Talk, read or play music.",
        "Learn the daily goals, and cheer on small wins.",
        "Take care of yourself too. Rest, eat and accept help.",
    ),
    _text(
        (
            "<h2>How Medicare may help pay</h2>"
            "<p>Original Medicare Part A may cover an LTACH stay when it is medically needed. It works "
            "much like a hospital stay. If your loved one moves there straight from another hospital, "
            "you usually do not pay a new deductible. Very long stays may have a daily charge.</p>"
            "<p>Medicare Advantage plans have their own rules. They may need approval before the stay. "
            "Rules can change. Ask the liaison or call 1-800-MEDICARE (1-800-633-4227) about your own "
            "case. TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "How is an LTACH different from a skilled nursing facility?",
            (
                "An LTACH is a hospital. Patients there need more care than a skilled nursing facility "
                "can give, such as close doctor care or help with a ventilator. A skilled nursing "
                "facility is for people who are more stable."
            ),
        ),
    ),
    _warning(
        "In an emergency",
        "Press the call button or tell a nurse right away. LTACH staff are trained to respond at once.",
    ),
    _care_card(
        "emergency",
        "Sudden trouble breathing, or a breathing tube comes out",
        "Chest pain",
        "Signs of stroke: face drooping, arm weakness, trouble speaking",
        "Your loved one cannot be woken up",
        "Heavy bleeding",
    ),
    _care_card(
        "urgent",
        "Your loved one seems more confused or sleepy than usual",
        "New redness, sores or pain",
        "You have questions about a change in their care",
    ),
    _questions(
        "Questions to ask the LTACH team",
        "What are the goals for this stay?",
        "Who is the main doctor, and how do we reach them?",
        "How is the plan to come off the ventilator going?",
        "When are family meetings?",
        "What will the next step be after this?",
        "What will Medicare or our plan cover?",
    ),
]

_LTACH_ES: list[Block] = [
    _in_short(
        (
            "Un hospital de cuidados agudos a largo plazo (LTACH, por sus siglas en inglés) es para "
            "personas que necesitan atención de hospital por semanas."
        ),
        (
            "Puede ayudar a dejar poco a poco un respirador, sanar heridas graves o recibir tratamiento "
            "por vía intravenosa (IV) por mucho tiempo."
        ),
        "La familia puede ayudar mucho al visitar, hacer preguntas y participar en las reuniones del equipo.",
        "La Parte A de Medicare puede cubrirlo, casi igual que una estadía en el hospital.",
    ),
    _text(
        (
            "<h2>¿Qué es un LTACH?</h2>"
            "<p>Algunas personas siguen muy enfermas después de estar en la unidad de cuidados "
            "intensivos (UCI). Ya no necesitan la UCI, pero todavía necesitan atención de hospital "
            "todos los días. Un LTACH da esta atención por más tiempo. Puede estar en su propio "
            "edificio o dentro de otro hospital. Las estadías suelen durar varias semanas.</p>"
            "<p>Muchas personas van a un LTACH para:</p>"
            "<ul>"
            "<li>Dejar poco a poco el respirador, o máquina para respirar</li>"
            "<li>Sanar heridas graves</li>"
            "<li>Recibir medicinas por vía intravenosa (IV), como antibióticos, por mucho tiempo</li>"
            "</ul>"
            "<h2>Quién trabaja allí</h2>"
            "<ul>"
            "<li>Médicos y especialistas que revisan a los pacientes a menudo</li>"
            "<li>Enfermeras de día y de noche, muchas con experiencia en la UCI</li>"
            "<li>Terapeutas respiratorios, que ayudan con la respiración y los respiradores</li>"
            "<li>Fisioterapeutas, terapeutas ocupacionales y terapeutas del habla</li>"
            "<li>Enfermeras especialistas en heridas y nutricionistas</li>"
            "<li>Un trabajador social, que ayuda a planear el siguiente paso</li>"
            "</ul>"
            "<h2>Un día típico</h2>"
            "<p>Los días siguen una rutina de hospital. Las enfermeras revisan los signos vitales y dan "
            "medicinas. Un terapeuta respiratorio puede hacer pruebas de respiración. Estas ayudan a "
            "que los pulmones trabajen sin el respirador. Los terapeutas ayudan a su ser querido a "
            "sentarse, moverse y ganar fuerza, según pueda. Cuando es seguro, el equipo también trabaja "
            "para que pueda comer y hablar.</p>"
            "<p>El avance puede ser lento, con días buenos y días malos. El equipo se reúne a menudo "
            "para revisar las metas. Pida participar en estas reuniones.</p>"
        ),
    ),
    _checklist(
        "Qué llevar",
        "Una lista de medicinas, alergias y médicos",
        "Tarjetas de seguro e identificación con foto",
        "Una copia de la directiva anticipada o del poder legal para decisiones médicas, si tiene",
        "Lentes, aparatos auditivos y dentadura postiza, marcados con su nombre",
        "Cosas que den consuelo, como fotos de la familia o una cobija favorita",
        "Un cuaderno para anotar novedades y preguntas",
        "Los teléfonos de los familiares que deben recibir noticias",
    ),
    _steps(
        "Cómo puede ayudar la familia",
        "Elijan a un familiar como contacto principal con el equipo.",
        "Pregunte al equipo cómo comunicarse con su ser querido si no puede hablar.",
        "Visítele cuando pueda. Háblele, léale o ponga música.",
        "Conozca las metas del día y celebre los pequeños logros.",
        "Cuídese también. Descanse, coma y acepte ayuda.",
    ),
    _text(
        (
            "<h2>Cómo puede ayudar a pagar Medicare</h2>"
            "<p>La Parte A de Medicare Original puede cubrir una estadía en un LTACH cuando es "
            "médicamente necesaria. Funciona casi igual que una estadía en el hospital. Si su ser "
            "querido llega allí directamente desde otro hospital, por lo general no paga un deducible "
            "nuevo. Las estadías muy largas pueden tener un cobro diario.</p>"
            "<p>Los planes Medicare Advantage tienen sus propias reglas. Es posible que tengan que "
            "aprobar la estadía antes. Las reglas pueden cambiar. Para saber sobre su caso, pregunte a "
            "la persona de enlace o llame al 1-800-MEDICARE (1-800-633-4227). TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "¿En qué se diferencia un LTACH de un centro de enfermería especializada?",
            (
                "Un LTACH es un hospital. Sus pacientes necesitan más atención de la que puede dar un "
                "centro de enfermería especializada, como atención médica cercana o ayuda con un "
                "respirador. Un centro de enfermería especializada es para personas más estables."
            ),
        ),
    ),
    _warning(
        "En caso de emergencia",
        (
            "Oprima el botón de llamada o avise a una enfermera de inmediato. El personal del LTACH "
            "está capacitado para responder enseguida."
        ),
    ),
    _care_card(
        "emergency",
        "Dificultad repentina para respirar, o se sale un tubo de respiración",
        "Dolor en el pecho",
        "Señales de derrame cerebral: cara caída, debilidad en un brazo, dificultad para hablar",
        "No se puede despertar a su ser querido",
        "Sangrado abundante",
    ),
    _care_card(
        "urgent",
        "Su ser querido parece más confundido o con más sueño de lo normal",
        "Enrojecimiento, llagas o dolor nuevos",
        "Tiene preguntas sobre un cambio en su atención",
    ),
    _questions(
        "Preguntas para el equipo del LTACH",
        "¿Cuáles son las metas de esta estadía?",
        "¿Quién es el médico principal y cómo nos comunicamos con él?",
        "¿Cómo va el proceso para dejar el respirador?",
        "¿Cuándo son las reuniones con la familia?",
        "¿Cuál será el siguiente paso después de aquí?",
        "¿Qué cubrirá Medicare o nuestro plan?",
    ),
]

# home
_HOME: list[Block] = [
    _in_short(
        "Know your medicines: what to take, what to stop and why.",
        "See your doctor soon, often within 1 to 2 weeks, or as your team tells you.",
        "Know who to call with questions, day or night.",
        "Know the warning signs that mean you need help.",
    ),
    _text(
        (
            "<h2>Before you leave the hospital</h2>"
            "<p>The hospital team will give you discharge papers. These explain why you were in the "
            "hospital, your medicines and your next steps. Read them with the nurse before you leave. "
            "Ask about anything that is not clear. It helps to have a family member or friend there "
            "too.</p>"
            "<p>Try teach-back. Tell the nurse in your own words what you will do at home. This helps "
            "make sure the plan is clear.</p>"
            "<h2>Who will help you at home</h2>"
            "<ul>"
            "<li>Your main doctor, who will see you for a follow-up visit</li>"
            "<li>Specialists, if you need them</li>"
            "<li>Your pharmacist, who can answer questions about medicines</li>"
            "<li>Family, friends or other caregivers</li>"
            "<li>Home health staff, if your doctor orders it</li>"
            "</ul>"
            "<h2>A typical day at home</h2>"
            "<p>The first days at home can be tiring. Plan for rest. Take your medicines at the same "
            "times each day. A pill box or a phone alarm can help. Eat regular meals. Drink fluids as "
            "your team advises. Walk or move a little each day, as you can. Ask for help with meals, "
            "shopping and rides.</p>"
        ),
    ),
    _steps(
        "Get your medicines right",
        "Compare your new medicine list with the pills you have at home.",
        "Ask which medicines are new, which have changed and which to stop.",
        "Set aside medicines you should no longer take. Ask your pharmacist how to get rid of them safely.",
        "Fill each new prescription the day you go home, if you can.",
        "Use a pill box to sort your medicines each week.",
        "Bring all your medicines to your follow-up visit.",
    ),
    _checklist(
        "Before you go home",
        "I have my discharge papers and understand them.",
        "I have a date and time for my follow-up visit.",
        "I have my new prescriptions, or I know where to pick them up.",
        "I know which old medicines to stop.",
        "I have a ride home and help for the first few days.",
        "I know who to call with questions, day and night.",
        "I have any equipment I need, like a walker or oxygen.",
    ),
    _text(
        (
            "<h2>How Medicare may help pay</h2>"
            "<p>Medicare Part B usually covers follow-up visits with your doctor. You usually pay 20% "
            "of the Medicare-approved amount after your yearly deductible. Part B may also cover "
            "equipment, like a walker, if your doctor orders it. Medicare drug coverage (Part D) or "
            "your plan may help pay for prescriptions. Medicare does not pay for help with chores or "
            "meals only. Medicare Advantage plans have their own rules. Rules can change. Ask the "
            "liaison or call 1-800-MEDICARE (1-800-633-4227) about your own case. TTY: "
            "1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "What if I cannot get to my follow-up visit?",
            (
                "Call the office to change the date. Ask if a video or phone visit is an option. Some "
                "plans help with rides."
            ),
        ),
    ),
    _care_card(
        "emergency",
        "Chest pain or pressure",
        "Very bad trouble breathing",
        "Signs of stroke: face drooping, arm weakness, trouble speaking",
        "Fainting, or being very hard to wake up",
        "Bleeding that will not stop",
    ),
    _care_card(
        "urgent",
        "A fever of 100.4°F (38°C) or higher",
        "The problem that took you to the hospital is coming back",
        "You cannot get or pay for a medicine",
        "Side effects from a new medicine",
        "A fall",
        "You cannot care for yourself safely",
    ),
    _care_card(
        "routine",
        "Questions about food or activity",
        "Feeling tired or down",
        "Questions about your discharge papers",
    ),
    _questions(
        "Questions to ask before you leave",
        "What is the main reason I was in the hospital?",
        "Which medicines are new, changed or stopped?",
        "What warning signs should I watch for?",
        "When is my follow-up visit, and with whom?",
        "Who do I call with questions after hours?",
        "What can I do, and what should I avoid?",
    ),
]

_HOME_ES: list[Block] = [
    _in_short(
        "Conozca sus medicinas: qué tomar, qué dejar y por qué.",
        "Vea a su médico pronto, a menudo en 1 a 2 semanas, o como le indique su equipo.",
        "Sepa a quién llamar con preguntas, de día o de noche.",
        "Conozca las señales de alarma que indican que necesita ayuda.",
    ),
    _text(
        (
            "<h2>Antes de salir del hospital</h2>"
            "<p>Su equipo de salud le dará sus instrucciones de alta. Explican por qué estuvo en el "
            "hospital, sus medicinas y sus próximos pasos. Léalas con la enfermera antes de salir. "
            "Pregunte todo lo que no esté claro. Ayuda tener a un familiar o a un amigo con usted.</p>"
            "<p>Pruebe el método de repetir lo aprendido. Dígale a la enfermera, con sus propias "
            "palabras, lo que va a hacer en casa. Así se asegura de que el plan está claro.</p>"
            "<h2>Quién le ayudará en casa</h2>"
            "<ul>"
            "<li>Su médico de cabecera, que le verá en una cita de seguimiento</li>"
            "<li>Especialistas, si los necesita</li>"
            "<li>Su farmacéutico, que puede responder preguntas sobre sus medicinas</li>"
            "<li>Familiares, amigos u otros cuidadores</li>"
            "<li>Personal de cuidado de la salud en el hogar, si su médico lo ordena</li>"
            "</ul>"
            "<h2>Un día típico en casa</h2>"
            "<p>Los primeros días en casa pueden ser agotadores. Planee tiempo para descansar. Tome sus "
            "medicinas a las mismas horas cada día. Un pastillero o una alarma en el teléfono pueden "
            "ayudar. Coma a sus horas. Tome líquidos como le indique su equipo. Camine o muévase un "
            "poco cada día, según pueda. Pida ayuda con las comidas, las compras y el transporte.</p>"
        ),
    ),
    _steps(
        "Organice bien sus medicinas",
        "Compare su nueva lista de medicinas con las pastillas que tiene en casa.",
        "Pregunte cuáles medicinas son nuevas, cuáles cambiaron y cuáles debe dejar.",
        (
            "Aparte las medicinas que ya no debe tomar. Pregunte a su farmacéutico cómo deshacerse de "
            "ellas de forma segura."
        ),
        "Surta cada receta nueva el mismo día que sale del hospital, si puede.",
        "Use un pastillero para organizar sus medicinas cada semana.",
        "Lleve todas sus medicinas a su cita de seguimiento.",
    ),
    _checklist(
        "Antes de irme a casa",
        "Tengo mis instrucciones de alta y las entiendo.",
        "Tengo la fecha y la hora de mi cita de seguimiento.",
        "Tengo mis recetas nuevas, o sé dónde recogerlas.",
        "Sé cuáles medicinas viejas debo dejar.",
        "Tengo quién me lleve a casa y ayuda para los primeros días.",
        "Sé a quién llamar con preguntas, de día y de noche.",
        "Tengo el equipo que necesito, como un andador u oxígeno.",
    ),
    _text(
        (
            "<h2>Cómo puede ayudar a pagar Medicare</h2>"
            "<p>La Parte B de Medicare por lo general cubre las citas de seguimiento con su médico. Por "
            "lo general usted paga el 20% de la cantidad aprobada por Medicare, después de su deducible "
            "anual. La Parte B también puede cubrir equipo, como un andador, si su médico lo ordena. La "
            "cobertura de medicamentos de Medicare (Parte D) o su plan pueden ayudar a pagar las "
            "recetas. Medicare no paga por ayuda solo con las tareas de la casa o las comidas. Los "
            "planes Medicare Advantage tienen sus propias reglas. Las reglas pueden cambiar. Para saber "
            "sobre su caso, pregunte a la persona de enlace o llame al 1-800-MEDICARE (1-800-633-4227). "
            "TTY: 1-877-486-2048.</p>"
        ),
    ),
    _faq(
        (
            "¿Qué pasa si no puedo ir a mi cita de seguimiento?",
            (
                "Llame al consultorio para cambiar la fecha. Pregunte si puede tener una cita por video "
                "o por teléfono. Algunos planes ayudan con el transporte."
            ),
        ),
    ),
    _care_card(
        "emergency",
        "Dolor o presión en el pecho",
        "Mucha dificultad para respirar",
        "Señales de derrame cerebral: cara caída, debilidad en un brazo, dificultad para hablar",
        "Desmayo, o mucha dificultad para despertar",
        "Un sangrado que no para",
    ),
    _care_card(
        "urgent",
        "Fiebre de 100.4°F (38°C) o más",
        "Vuelve el problema que le llevó al hospital",
        "No puede conseguir o pagar una medicina",
        "Efectos secundarios de una medicina nueva",
        "Una caída",
        "No puede cuidarse de forma segura",
    ),
    _care_card(
        "routine",
        "Preguntas sobre la comida o la actividad",
        "Cansancio o tristeza",
        "Preguntas sobre sus instrucciones de alta",
    ),
    _questions(
        "Preguntas antes de salir del hospital",
        "¿Cuál es la razón principal por la que estuve en el hospital?",
        "¿Cuáles medicinas son nuevas, cuáles cambiaron y cuáles debo dejar?",
        "¿Qué señales de alarma debo vigilar?",
        "¿Cuándo es mi cita de seguimiento y con quién?",
        "¿A quién llamo con preguntas fuera del horario de oficina?",
        "¿Qué puedo hacer y qué debo evitar?",
    ),
]


# ------------------------------------------------------------------------------------------------
# Pages, in the order the seeding code creates them
# ------------------------------------------------------------------------------------------------

CONDITION_PAGES: list[dict[str, Any]] = [
    {
        "condition": "heart-failure",
        "slug": "heart-failure",
        "title": "Living with heart failure",
        "az_name": "Heart failure",
        "summary": (
            "Heart failure means your heart does not pump as well as it should. Learn the daily steps "
            "that help you feel better and stay out of the hospital."
        ),
        "audience": "patients",
        "body": _HEART_FAILURE,
        "es": {
            "slug": "insuficiencia-cardiaca",
            "title": "Cómo vivir con insuficiencia cardíaca",
            "az_name": "Insuficiencia cardíaca",
            "summary": (
                "La insuficiencia cardíaca significa que el corazón no bombea tan bien como debería. "
                "Conozca los pasos diarios que le ayudan a sentirse mejor y a no volver al hospital."
            ),
            "body": _HEART_FAILURE_ES,
        },
    },
    {
        "condition": "copd",
        "slug": "copd",
        "title": "Living with COPD",
        "az_name": "COPD",
        "summary": (
            "COPD is a long-term lung disease that makes it hard to breathe. Learn how to use your "
            "action plan and inhaler, and when to get help."
        ),
        "audience": "patients",
        "body": _COPD,
        "es": {
            "slug": "epoc",
            "title": "Cómo vivir con EPOC",
            "az_name": "EPOC",
            "summary": (
                "La EPOC es una enfermedad de los pulmones que dura mucho tiempo y dificulta la "
                "respiración. Aprenda a usar su plan de acción y su inhalador, y a saber cuándo pedir "
                "ayuda."
            ),
            "body": _COPD_ES,
        },
    },
    {
        "condition": "stroke-recovery",
        "slug": "stroke-recovery",
        "title": "Recovering after a stroke",
        "az_name": "Stroke",
        "summary": (
            "Recovery after a stroke takes time. Learn the signs of another stroke, how to lower your "
            "risk and how to stay safe at home."
        ),
        "audience": "patients",
        "body": _STROKE,
        "es": {
            "slug": "recuperacion-derrame-cerebral",
            "title": "Recuperación después de un derrame cerebral (accidente cerebrovascular)",
            "az_name": "Derrame cerebral",
            "summary": (
                "La recuperación después de un derrame cerebral toma tiempo. Conozca las señales de "
                "otro derrame, cómo bajar su riesgo y cómo evitar caídas en casa."
            ),
            "body": _STROKE_ES,
        },
    },
    {
        "condition": "type-2-diabetes",
        "slug": "type-2-diabetes",
        "title": "Living with type 2 diabetes",
        "az_name": "Diabetes, type 2",
        "summary": (
            "Type 2 diabetes means your blood sugar runs too high. Learn how to check it, treat a low "
            "and take care of yourself at home."
        ),
        "audience": "patients",
        "body": _DIABETES,
        "es": {
            "slug": "diabetes-tipo-2",
            "title": "Cómo vivir con diabetes tipo 2",
            "az_name": "Diabetes tipo 2",
            "summary": (
                "Con la diabetes tipo 2, el azúcar en la sangre sube demasiado. Aprenda a medirlo, a "
                "tratar el azúcar bajo y a cuidarse en casa."
            ),
            "body": _DIABETES_ES,
        },
    },
    {
        "condition": "hip-or-knee-replacement",
        "slug": "hip-or-knee-replacement",
        "title": "Recovering after a hip or knee replacement",
        "az_name": "Hip or knee replacement",
        "summary": (
            "A new hip or knee can ease pain and help you move. Learn how to heal safely, prevent falls "
            "and spot problems early."
        ),
        "audience": "patients",
        "body": _JOINT,
        "es": {
            "slug": "reemplazo-de-cadera-o-rodilla",
            "title": "Recuperación después de un reemplazo de cadera o de rodilla",
            "az_name": "Reemplazo de cadera o de rodilla",
            "summary": (
                "Una cadera o una rodilla nueva puede aliviar el dolor y ayudarle a moverse mejor. "
                "Aprenda a sanar de forma segura, evitar caídas y detectar problemas a tiempo."
            ),
            "body": _JOINT_ES,
        },
    },
    {
        "condition": "pneumonia",
        "slug": "pneumonia",
        "title": "Getting better after pneumonia",
        "az_name": "Pneumonia",
        "summary": (
            "Pneumonia is an infection in your lungs. Learn how to finish your treatment, help your "
            "lungs heal and know when to get help."
        ),
        "audience": "patients",
        "body": _PNEUMONIA,
        "es": {
            "slug": "neumonia",
            "title": "Cómo recuperarse de una neumonía",
            "az_name": "Neumonía",
            "summary": (
                "La neumonía es una infección en los pulmones. Aprenda a terminar su tratamiento, "
                "ayudar a sus pulmones a sanar y saber cuándo pedir ayuda."
            ),
            "body": _PNEUMONIA_ES,
        },
    },
]

CARE_SETTING_PAGES: list[dict[str, Any]] = [
    {
        "kind": "snf",
        "slug": "skilled-nursing-facility",
        "title": "What to expect in a skilled nursing facility",
        "az_name": "Skilled nursing facility",
        "summary": (
            "A skilled nursing facility gives nursing care and therapy after a hospital stay. Learn who "
            "is there, what to bring and how Medicare may help pay."
        ),
        "audience": "families",
        "body": _SNF,
        "es": {
            "slug": "centro-de-enfermeria-especializada",
            "title": "Qué esperar en un centro de enfermería especializada",
            "az_name": "Centro de enfermería especializada",
            "summary": (
                "Un centro de enfermería especializada da atención de enfermería y terapia después de "
                "una estadía en el hospital. Conozca quién trabaja allí, qué llevar y cómo Medicare "
                "puede ayudar a pagar."
            ),
            "body": _SNF_ES,
        },
    },
    {
        "kind": "irf",
        "slug": "inpatient-rehabilitation-facility",
        "title": "What to expect in an inpatient rehab facility",
        "az_name": "Inpatient rehabilitation facility",
        "summary": (
            "Inpatient rehab gives you hours of therapy each day to get stronger after a serious "
            "illness or injury. Learn what a day is like and how Medicare may help pay."
        ),
        "audience": "patients",
        "body": _IRF,
        "es": {
            "slug": "rehabilitacion-para-pacientes-internados",
            "title": "Qué esperar en un centro de rehabilitación para pacientes internados",
            "az_name": "Rehabilitación para pacientes internados",
            "summary": (
                "La rehabilitación para pacientes internados le da varias horas de terapia al día para "
                "recuperar fuerzas después de una enfermedad o lesión grave. Conozca cómo es un día y "
                "cómo Medicare puede ayudar a pagar."
            ),
            "body": _IRF_ES,
        },
    },
    {
        "kind": "home_health",
        "slug": "home-health-care",
        "title": "What to expect from home health care",
        "az_name": "Home health care",
        "summary": (
            "Home health care brings nurses and therapists to your home for a short time. Learn who "
            "comes, what visits are like and how Medicare may help pay."
        ),
        "audience": "patients",
        "body": _HOME_HEALTH,
        "es": {
            "slug": "cuidado-de-la-salud-en-el-hogar",
            "title": "Qué esperar del cuidado de la salud en el hogar",
            "az_name": "Atención médica en el hogar",
            "summary": (
                "El cuidado de la salud en el hogar lleva enfermeras y terapeutas a su casa por un "
                "tiempo corto. Conozca quién le visita, cómo son las visitas y cómo Medicare puede "
                "ayudar a pagar."
            ),
            "body": _HOME_HEALTH_ES,
        },
    },
    {
        "kind": "hospice",
        "slug": "hospice-care",
        "title": "What to expect from hospice care",
        "az_name": "Hospice",
        "summary": (
            "Hospice gives comfort and support to people near the end of life, and to their families. "
            "Learn who helps, what care looks like and how Medicare may help pay."
        ),
        "audience": "families",
        "body": _HOSPICE,
        "es": {
            "slug": "cuidados-de-hospicio",
            "title": "Qué esperar de los cuidados de hospicio",
            "az_name": "Cuidados de hospicio",
            "summary": (
                "El hospicio da comodidad y apoyo a las personas al final de la vida y a sus familias. "
                "Conozca quién ayuda, cómo es la atención y cómo Medicare puede ayudar a pagar."
            ),
            "body": _HOSPICE_ES,
        },
    },
    {
        "kind": "ltach",
        "slug": "long-term-acute-care-hospital",
        "title": "What to expect in a long-term acute care hospital",
        "az_name": "Long-term acute care hospital",
        "summary": (
            "A long-term acute care hospital is for people who still need hospital care for weeks. "
            "Learn who is there, what a day is like and how Medicare may help pay."
        ),
        "audience": "families",
        "body": _LTACH,
        "es": {
            "slug": "hospital-de-cuidados-agudos-a-largo-plazo",
            "title": "Qué esperar en un hospital de cuidados agudos a largo plazo",
            "az_name": "Hospital de cuidados agudos a largo plazo",
            "summary": (
                "Un hospital de cuidados agudos a largo plazo es para personas que todavía necesitan "
                "atención de hospital por semanas. Conozca quién trabaja allí, cómo es un día y cómo "
                "Medicare puede ayudar a pagar."
            ),
            "body": _LTACH_ES,
        },
    },
    {
        "kind": "home",
        "slug": "going-home",
        "title": "Going home from the hospital",
        "az_name": "Going home",
        "summary": (
            "Going home after a hospital stay is a big step. Learn how to manage your medicines, get to "
            "your follow-up visit and know who to call."
        ),
        "audience": "patients",
        "body": _HOME,
        "es": {
            "slug": "regreso-a-casa",
            "title": "El regreso a casa después del hospital",
            "az_name": "Regreso a casa",
            "summary": (
                "Volver a casa después del hospital es un gran paso. Aprenda a manejar sus medicinas, "
                "llegar a su cita de seguimiento y saber a quién llamar."
            ),
            "body": _HOME_ES,
        },
    },
]

# Glossary terms used on each English page (each appears in that page's text).
GLOSSARY_ON_PAGE: dict[str, list[str]] = {
    "heart-failure": ["Diuretic", "Sodium", "Edema", "Fluid limit", "Cardiac rehab"],
    "copd": ["Action plan", "Flare-up", "Inhaler", "Spacer", "Pursed-lip breathing", "Pulmonary rehab"],
    "stroke-recovery": [
        "Aphasia",
        "Blood thinner",
        "Blood pressure",
        "Physical therapy",
        "Occupational therapy",
        "Speech therapy",
    ],
    "type-2-diabetes": ["Blood sugar", "Insulin", "A1C", "Carbohydrates", "Glucagon", "Fluid limit"],
    "hip-or-knee-replacement": ["Blood clot", "Incision", "Blood thinner", "Physical therapy"],
    "pneumonia": [
        "Antibiotic",
        "Incentive spirometer",
        "Pursed-lip breathing",
        "Vaccine",
        "Fluid limit",
        "Follow-up visit",
    ],
    "skilled-nursing-facility": [
        "Skilled care",
        "Benefit period",
        "Coinsurance",
        "Observation stay",
        "Care plan",
        "Advance directive",
    ],
    "inpatient-rehabilitation-facility": ["Deductible", "Benefit period", "Coinsurance", "Case manager"],
    "home-health-care": [
        "Homebound",
        "Skilled care",
        "Care plan",
        "Durable medical equipment",
        "Home health aide",
        "Discharge papers",
    ],
    "hospice-care": [
        "Hospice",
        "Comfort care",
        "Respite care",
        "Advance directive",
        "Terminal illness",
        "Caregiver",
    ],
    "long-term-acute-care-hospital": [
        "Ventilator",
        "Respiratory therapist",
        "IV",
        "Intensive care unit",
        "Advance directive",
        "Deductible",
    ],
    "going-home": [
        "Discharge papers",
        "Follow-up visit",
        "Teach-back",
        "Pharmacist",
        "Prescription",
        "Deductible",
    ],
}
