"""Built-in exercise figures: a described pose (posture, joint angles, props) becomes a drawing.

vocabulary: the words a figure may use (postures, joints and their limits, props, views);
proportions: segment lengths as fractions of height; pose: joint angles to points on the body,
resting on its support; draw: the points as a ReportLab drawing in the clinic's colour.
"""
